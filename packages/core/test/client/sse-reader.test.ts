import { describe, expect, test } from "bun:test";
import { EventStreamError, readSseJson } from "../../src/client/sse-reader.ts";

/** A body that delivers `text` in the given pieces (byte boundaries may split characters). */
function body(pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces)
        controller.enqueue(typeof piece === "string" ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of readSseJson(stream)) out.push(value);
  return out;
}

/** Every way of cutting `text` in two. */
function everySplit(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe("readSseJson", () => {
  test("reads events with LF, CRLF and CR line breaks, however the bytes are cut", async () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = `event: a${eol}data: {"n":1}${eol}${eol}: keep-alive${eol}${eol}data: {"n":2}${eol}${eol}`;
      for (const pieces of everySplit(text))
        expect(await collect(body(pieces))).toEqual([{ n: 1 }, { n: 2 }]);
    }
  });

  test("joins multi-line data, accepts `data:` without a space, and a last event without a blank line", async () => {
    const text = 'data: {"a":\ndata:[1,\ndata: 2]}\n\ndata: {"b":true}';
    expect(await collect(body([text]))).toEqual([{ a: [1, 2] }, { b: true }]);
  });

  test("stops at [DONE] and ignores what follows", async () => {
    const text = 'data: {"n":1}\n\ndata: [DONE]\n\ndata: {"n":2}\n\n';
    expect(await collect(body([text]))).toEqual([{ n: 1 }]);
  });

  test("decodes characters split between chunks", async () => {
    const bytes = new TextEncoder().encode('data: {"text":"héllo ✓"}\n\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside "é"
    expect(await collect(body([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual([{ text: "héllo ✓" }]);
  });

  test("an error object mid-stream is thrown with the server's message", async () => {
    const text = 'data: {"n":1}\n\ndata: {"error":{"message":"overloaded, try later"}}\n\n';
    const seen: unknown[] = [];
    const failure = await (async () => {
      for await (const value of readSseJson(body([text]))) seen.push(value);
    })().catch((error) => error);
    expect(seen).toEqual([{ n: 1 }]);
    expect(failure).toBeInstanceOf(EventStreamError);
    expect(failure.message).toBe("overloaded, try later");
  });

  test("an event that is not JSON is an error that quotes its start", async () => {
    const failure = await collect(body(["data: <html>gateway</html>\n\n"])).catch((error) => error);
    expect(failure).toBeInstanceOf(EventStreamError);
    expect(failure.message).toContain("<html>gateway</html>");
  });

  test("a long line in many small chunks arrives whole", async () => {
    const long = "x".repeat(300_000);
    const text = `data: {"long":"${long}"}\n\n`;
    const pieces = text.match(/[\s\S]{1,1000}/g) ?? [];
    expect(await collect(body(pieces))).toEqual([{ long }]);
  });

  test("an event over the size limit ends the stream with an error, never growing without end", async () => {
    let cancelled = false;
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(sent++ === 0 ? "data: [" : "1,".repeat(512)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const failure = await (async () => {
      for await (const _ of readSseJson(endless, { maxEventChars: 100_000 })) {
      }
    })().catch((error) => error);
    expect(failure).toBeInstanceOf(EventStreamError);
    expect(failure.message).toContain("the server sent an event over");
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(200); // ~100 KB read, not more

    // The same limit holds for an event spread over many `data:` lines.
    const manyLines = `${"data: 1\n".repeat(20_000)}\n`;
    const split = await (async () => {
      for await (const _ of readSseJson(body([manyLines]), { maxEventChars: 10_000 })) {
      }
    })().catch((error) => error);
    expect(split).toBeInstanceOf(EventStreamError);
  });

  test("stopping early releases the body", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"n":1}\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _ of readSseJson(stream)) break;
    expect(cancelled).toBe(true);
  });
});
