import { describe, expect, test } from "bun:test";
import { type CapturedOutput, OutputCapture } from "../../src/tools/exec/output-capture.ts";

/** What a capture must hold for `bytes`: the head, the last `tailBytes` of the rest, exact counts of the gap. */
function expected(bytes: Uint8Array, headBytes: number, tailBytes: number): CapturedOutput {
  const head = bytes.slice(0, headBytes);
  const rest = bytes.subarray(head.length);
  const omitted = rest.subarray(0, Math.max(0, rest.length - tailBytes));
  return {
    head,
    tail: rest.slice(omitted.length),
    omittedBytes: omitted.length,
    omittedNewlines: omitted.filter((b) => b === 0x0a).length,
  };
}

/** A deterministic stream of lines of varied length, cut into chunks of varied size. */
function chunksOf(total: number, seed: number): Uint8Array[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const bytes = new Uint8Array(total);
  for (let i = 0; i < total; i++) bytes[i] = next(12) === 0 ? 0x0a : 0x61 + next(26);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < total; ) {
    const size = [1, 7, 100, 4096, 40_000, 70_000][next(6)] as number;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe("bounded output capture", () => {
  test("keeps the head, the exact tail and exact counts of the gap, whatever the chunking", () => {
    for (const [headBytes, tailBytes] of [
      [64 * 1024, 64 * 1024],
      [100, 37],
      [0, 10],
      [10, 0],
    ] as const) {
      for (const total of [0, 50, 64 * 1024 + 5, 200 * 1024, 1_000_003]) {
        const chunks = chunksOf(total, total + headBytes + tailBytes);
        const capture = new OutputCapture({ headBytes, tailBytes });
        for (const chunk of chunks) capture.push(chunk);
        const all = new Uint8Array(total);
        let at = 0;
        for (const chunk of chunks) {
          all.set(chunk, at);
          at += chunk.length;
        }
        expect(capture.snapshot()).toEqual(expected(all, headBytes, tailBytes));
        expect(capture.totalBytes).toBe(total);
      }
    }
  });

  test("a snapshot taken while output goes on stays as it was, and later ones see the rest", () => {
    const capture = new OutputCapture({ headBytes: 4, tailBytes: 8 });
    const text = new TextEncoder();
    capture.push(text.encode("head-0123456789\n"));
    const first = capture.snapshot();
    capture.push(text.encode("abc\ndefghij\n"));
    expect(new TextDecoder().decode(first.tail)).toBe("3456789\n".slice(-8));
    expect(first.omittedBytes).toBe(4);
    const second = capture.snapshot();
    expect(new TextDecoder().decode(second.tail)).toBe("defghij\n");
    expect(second.omittedBytes).toBe(4 + 8 + 4);
    expect(second.omittedNewlines).toBe(2);
  });
});
