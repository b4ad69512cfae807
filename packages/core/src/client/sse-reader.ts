/**
 * Reads a `text/event-stream` body as the JSON values its events carry, as both wire APIs send
 * them: each event's `data:` lines (joined by newlines) hold one JSON value; `data: [DONE]` ends
 * the stream (Chat Completions); comments and events without data (keep-alives) are skipped.
 * A JSON value with an `error` member is the server failing mid-stream and is thrown.
 *
 * Written for bounded memory on long lines: a line's pieces are joined once, when its end arrives,
 * never searched again (a rope searched per chunk would cost O(n²) on a multi-megabyte line), and
 * an event larger than `MAX_EVENT_CHARS` ends the stream with an error instead of growing without
 * end (strings in it are already cut to 8 MiB each by bounded-sse.ts; this catches the rest).
 */

type Json = Record<string, unknown>;

/** Largest event kept (characters of its data): far above any real one, below what hurts. */
const MAX_EVENT_CHARS = 128 * 1024 * 1024;

/** A stream the server broke off with an error object, or a value that is not JSON. */
export class EventStreamError extends Error {}

/** The message of a mid-stream `{"error": …}` value, in the server's words when it has some. */
function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === "string" && message !== "") return message;
  return JSON.stringify(error);
}

/** Splits decoded text into lines (LF, CRLF or CR), holding an unfinished line until it ends. */
class LineSplitter {
  private pieces: string[] = [];
  private pendingChars = 0;

  constructor(private readonly maxChars: number) {}

  /** A chunk ended with CR: a LF at the start of the next one belongs to that line break. */
  private afterCr = false;

  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    if (this.afterCr && text.startsWith("\n")) start = 1;
    this.afterCr = false;
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.pieces.push(text.slice(start, i));
      lines.push(this.pieces.join(""));
      this.pieces = [];
      this.pendingChars = 0;
      if (code === 13) {
        if (i + 1 === text.length) this.afterCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.pieces.push(text.slice(start));
      this.pendingChars += text.length - start;
      if (this.pendingChars > this.maxChars) throw tooLarge(this.maxChars);
    }
    return lines;
  }

  /** The last line when the stream ends without a line break. */
  finish(): string[] {
    if (this.pieces.length === 0) return [];
    const last = this.pieces.join("");
    this.pieces = [];
    return [last];
  }
}

/** Collects the `data:` lines of one event; `take` returns them once a blank line ends it. */
class EventAssembler {
  private data: string[] = [];
  private dataChars = 0;

  constructor(private readonly maxChars: number) {}

  /** Feeds one line; returns the event's data when the line ends an event that has some. */
  line(line: string): string | null {
    if (line === "") {
      if (this.data.length === 0) return null;
      const data = this.data.join("\n");
      this.data = [];
      this.dataChars = 0;
      return data;
    }
    if (line.startsWith(":")) return null; // a comment
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== "data") return null; // `event:`, `id:`, `retry:`: the JSON carries the type
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    this.data.push(value);
    this.dataChars += value.length;
    if (this.dataChars > this.maxChars) throw tooLarge(this.maxChars);
    return null;
  }

  /** An event cut off by the end of the stream (no blank line after it). */
  finish(): string | null {
    return this.line("");
  }
}

function tooLarge(maxChars: number): EventStreamError {
  return new EventStreamError(`the server sent an event over ${Math.round(maxChars / 1024 / 1024)} MiB`);
}

function parseData(data: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    const sample = data.length > 120 ? `${data.slice(0, 120)}…` : data;
    throw new EventStreamError(`the server sent an event that is not JSON: ${sample}`);
  }
  if (value !== null && typeof value === "object" && "error" in value && (value as Json).error) {
    throw new EventStreamError(errorMessage((value as Json).error));
  }
  return value as Json;
}

/**
 * The JSON values of an event stream, in order. Stops at `[DONE]` or the end of the body; the body
 * is released when the reader stops early (the caller returned or threw).
 */
export async function* readSseJson(
  body: ReadableStream<Uint8Array>,
  options: { maxEventChars?: number } = {},
): AsyncGenerator<Json> {
  const maxChars = options.maxEventChars ?? MAX_EVENT_CHARS;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const lines = new LineSplitter(maxChars);
  const events = new EventAssembler(maxChars);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      const batch = lines.push(text);
      if (done) batch.push(...lines.finish());
      for (const line of batch) {
        const data = events.line(line);
        if (data === null) continue;
        if (data.startsWith("[DONE]")) return;
        yield parseData(data);
      }
      if (done) {
        const last = events.finish();
        if (last !== null && !last.startsWith("[DONE]")) yield parseData(last);
        return;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
