import { describe, expect, test } from "bun:test";
import {
  omittedStringBytes,
  omittedStringMarker,
  StringBoundingFilter,
} from "../../src/client/bounded-sse.ts";
import { ChatStreamAggregator } from "../../src/client/chat-stream.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs `text` through a filter in chunks of `chunkSize` bytes; returns what comes out. */
function filtered(text: string, options: { limit: number; chunkSize: number }): string {
  const filter = new StringBoundingFilter(options.limit);
  const bytes = encoder.encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += options.chunkSize)
    out.push(...filter.push(bytes.subarray(i, i + options.chunkSize)));
  out.push(...filter.flush());
  return decoder.decode(Buffer.concat(out));
}

const sse = (data: unknown) => `event: response.output_item.done\ndata: ${JSON.stringify(data)}\n\n`;

describe("StringBoundingFilter", () => {
  test("passes a stream whose strings are all within the limit through unchanged, at any chunking", () => {
    const text =
      sse({ type: "x", item: { arguments: '{"cmd":"echo \\"hi\\" \\\\ ok"}', note: "é ✓ 🎉" } }) +
      ': comment with a " quote\n' +
      sse({ type: "y", text: "line\nbreak", empty: "" });
    for (const chunkSize of [1, 2, 3, 7, 64, 100_000])
      expect(filtered(text, { limit: 64, chunkSize })).toBe(text);
  });

  test("replaces a string over the limit by a marker of its size, and keeps the JSON valid", () => {
    const big = `${"x".repeat(500)}\\"quoted\\" é`;
    const text = sse({ type: "response.output_item.done", item: { arguments: big, call_id: "c1" } });
    for (const chunkSize of [1, 5, 13, 4096]) {
      const out = filtered(text, { limit: 100, chunkSize });
      const data = JSON.parse(out.split("\n")[1]?.slice("data: ".length) ?? "");
      expect(data.item.call_id).toBe("c1");
      expect(data.type).toBe("response.output_item.done");
      const wireBytes = encoder.encode(JSON.stringify(big)).length - 2;
      expect(omittedStringBytes(data.item.arguments)).toBe(wireBytes);
    }
  });

  test("holds no more than the limit of one string, however long it is", () => {
    const filter = new StringBoundingFilter(1024);
    filter.push(encoder.encode('data: {"arguments":"'));
    const chunk = encoder.encode("a".repeat(64 * 1024));
    for (let i = 0; i < 100; i++) expect(filter.push(chunk)).toEqual([]);
    const rest = decoder.decode(Buffer.concat(filter.push(encoder.encode('"}\n\n'))));
    expect(JSON.parse(`"${rest.slice(0, rest.indexOf('"}'))}"`)).toBe(omittedStringMarker(100 * 64 * 1024));
  });

  test("on random streams cut at random places, only the strings over the limit change", () => {
    // The expected output, from the whole text at once: each string (from a quote outside a string
    // to its closing quote, a raw line break, or the end) whose bytes pass the limit becomes the
    // marker of its size.
    const expected = (text: string, limit: number) =>
      text.replace(/"((?:[^"\\\n\r]|\\[\s\S]|\\$)*)(["\n\r]|$)/g, (whole, body: string, end: string) => {
        const size = encoder.encode(body).length;
        return size > limit ? `"${JSON.stringify(omittedStringMarker(size)).slice(1, -1)}${end}` : whole;
      });
    const pieces = ["a", "bc", "é", "🎉", '"', '"', "\\", "\n", "\r", " ", "{", ":", "data: "];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      const text = Array.from({ length: 1 + random(300) }, () => pieces[random(pieces.length)]).join("");
      const limit = random(40);
      const bytes = encoder.encode(text);
      const filter = new StringBoundingFilter(limit);
      const out: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + random(random(2) === 0 ? 4 : 64);
        out.push(...filter.push(bytes.subarray(at, at + size)));
        at += size;
      }
      out.push(...filter.flush());
      expect(decoder.decode(Buffer.concat(out))).toBe(expected(text, limit));
    }
  });

  test("the marker is recognised only exactly", () => {
    expect(omittedStringBytes(omittedStringMarker(12))).toBe(12);
    expect(omittedStringBytes("omitted by codex: 12 bytes")).toBeNull();
    expect(omittedStringBytes(`${omittedStringMarker(12)} and more`)).toBeNull();
  });
});

describe("ChatStreamAggregator: argument deltas", () => {
  const delta = (args: string) => ({
    id: "c",
    choices: [
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, id: "call-1", function: { name: "shell", arguments: args } }] },
      },
    ],
  });

  test("past the stream bound, the arguments are counted, not kept", () => {
    const aggregator = new ChatStreamAggregator();
    const piece = "z".repeat(1024 * 1024);
    for (let i = 0; i < 12; i++) aggregator.push(delta(piece));
    aggregator.push({ id: "c", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    const done = aggregator.finish().find((e) => e.type === "output_item_done");
    const item = done?.type === "output_item_done" ? done.item : null;
    expect(item?.type).toBe("function_call");
    const args = item?.type === "function_call" ? item.arguments : "";
    expect(omittedStringBytes(args)).toBe(12 * 1024 * 1024);
  });

  test("a marker fragment from the filter makes the whole call omitted", () => {
    const aggregator = new ChatStreamAggregator();
    aggregator.push(delta('{"command":'));
    aggregator.push(delta(omittedStringMarker(50_000_000)));
    aggregator.push({ id: "c", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    const done = aggregator.finish().find((e) => e.type === "output_item_done");
    const args =
      done?.type === "output_item_done" && done.item.type === "function_call" ? done.item.arguments : "";
    expect(omittedStringBytes(args)).toBe(50_000_000 + '{"command":'.length);
  });
});
