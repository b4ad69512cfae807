/**
 * Bounds what one value in a model's event stream may cost. A server (or a model writing a
 * runaway tool call) can send a single JSON string of tens of megabytes; read whole, it is copied
 * several times over (line buffer, parsed event, item, history, the next request) and costs
 * gigabytes. This filter sits between the socket and the SDK's SSE parser and replaces every JSON
 * string longer than `MAX_STREAMED_STRING_BYTES` by a short marker as the bytes arrive, so no more
 * than that is ever held for it. `omittedStringBytes` recognises the marker (tool calls carrying
 * one are refused, see tools/call-size.ts).
 */

/** Longest JSON string (as sent, escapes included) kept from a model's event stream. */
export const MAX_STREAMED_STRING_BYTES = 8 * 1024 * 1024;

const MARKER_PREFIX = "\u0000omitted by codex: ";
const MARKER_PATTERN = /^\u0000omitted by codex: (\d+) bytes$/;

/** The value that stands for an omitted string of `bytes` bytes. */
export function omittedStringMarker(bytes: number): string {
  return `${MARKER_PREFIX}${bytes} bytes`;
}

/** The size of the string `value` stands for when it is an omission marker, else null. */
export function omittedStringBytes(value: string): number | null {
  if (!value.startsWith(MARKER_PREFIX)) return null;
  const match = MARKER_PATTERN.exec(value);
  return match ? Number(match[1]) : null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
/** The bytes that escape or end a string. */
const STOP_BYTES = [QUOTE, BACKSLASH, LF, CR] as const;

/**
 * Inside a string, where the next byte is that escapes (backslash) or ends it (quote, raw line
 * break). Each kind is found with a native `indexOf` and remembered until passed, so the filter
 * takes one JavaScript step per escape or string end instead of one per byte: a 1.3 MB streamed
 * patch took 95 ms in the interpreter (where a short run stays) and now takes 25.
 */
class StringStops {
  /** Per byte kind: its next position at or after the last search, -1 for none in the chunk. */
  private readonly found: number[] = [-2, -2, -2, -2];

  constructor(private readonly chunk: Uint8Array) {}

  /** The first stop at or after `from`, or -1. */
  next(from: number): number {
    let first = -1;
    for (let kind = 0; kind < STOP_BYTES.length; kind++) {
      let at = this.found[kind] as number;
      if (at !== -1 && at < from) {
        at = this.chunk.indexOf(STOP_BYTES[kind] as number, from);
        this.found[kind] = at;
      }
      if (at !== -1 && (first === -1 || at < first)) first = at;
    }
    return first;
  }
}

/**
 * The byte-level filter. Outside strings, bytes pass through untouched; a string's bytes are held
 * until it closes (then passed on) unless they pass the limit (then dropped and counted, and the
 * marker's escaped text takes their place). A raw line break ends a string: JSON strings cannot
 * contain one, so it marks text that is not JSON (an SSE field or comment), passed on as is.
 */
export class StringBoundingFilter {
  private inString = false;
  private escaped = false;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private omittedBytes: number | null = null;

  constructor(private readonly maxStringBytes: number = MAX_STREAMED_STRING_BYTES) {}

  /** Filters one chunk; returns the bytes to pass on (possibly none yet). */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    // Bytes from `runStart` on are not passed on yet; a string opened in this chunk starts at
    // `stringStart`. A string that closes within its chunk and the limit stays part of the run.
    let runStart = 0;
    let stringStart = 0;
    const stops = new StringStops(chunk);
    let i = 0;
    if (this.inString && this.escaped && chunk.length > 0) {
      this.escaped = false;
      i = 1;
    }
    while (i < chunk.length) {
      if (!this.inString) {
        const quote = chunk.indexOf(QUOTE, i);
        if (quote === -1) break;
        this.inString = true;
        stringStart = quote + 1;
        i = quote + 1;
        continue;
      }
      const stop = stops.next(i);
      if (stop === -1) break;
      if (chunk[stop] === BACKSLASH) {
        // The escaped byte is skipped whatever it is; it may be the next chunk's first.
        if (stop + 1 === chunk.length) this.escaped = true;
        i = stop + 2;
        continue;
      }
      const spansChunks = this.heldBytes > 0 || this.omittedBytes !== null;
      if (spansChunks || this.heldBytes + (stop - stringStart) > this.maxStringBytes) {
        out.push(chunk.subarray(runStart, stringStart));
        this.hold(chunk.subarray(stringStart, stop));
        out.push(...this.release());
        runStart = stop; // the closing quote (or line break) goes out with what follows
      }
      this.inString = false;
      i = stop + 1;
    }
    if (this.inString) {
      out.push(chunk.subarray(runStart, stringStart));
      this.hold(chunk.subarray(stringStart));
    } else {
      out.push(chunk.subarray(runStart));
    }
    return out.filter((part) => part.length > 0);
  }

  /** What is still held when the stream ends (an unterminated string). */
  flush(): Uint8Array[] {
    return this.inString ? this.release() : [];
  }

  private hold(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.omittedBytes !== null) {
      this.omittedBytes += bytes.length;
    } else if (this.heldBytes + bytes.length > this.maxStringBytes) {
      this.omittedBytes = this.heldBytes + bytes.length;
      this.held = [];
      this.heldBytes = 0;
    } else {
      this.held.push(bytes);
      this.heldBytes += bytes.length;
    }
  }

  private release(): Uint8Array[] {
    const out =
      this.omittedBytes === null
        ? this.held
        : // The marker's JSON-escaped text, without the quotes (they are the string's own).
          [new TextEncoder().encode(JSON.stringify(omittedStringMarker(this.omittedBytes)).slice(1, -1))];
    this.inString = false;
    this.escaped = false;
    this.held = [];
    this.heldBytes = 0;
    this.omittedBytes = null;
    return out;
  }
}

/** `fetch` whose event-stream responses pass through a `StringBoundingFilter`. */
export function boundedSseFetch(
  base: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
  maxStringBytes = MAX_STREAMED_STRING_BYTES,
): typeof fetch {
  const bounded = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await base(input, init);
    const type = response.headers.get("content-type") ?? "";
    if (!response.ok || response.body === null || !type.includes("text/event-stream")) return response;
    const filter = new StringBoundingFilter(maxStringBytes);
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          for (const part of filter.push(chunk)) controller.enqueue(part);
        },
        flush(controller) {
          for (const part of filter.flush()) controller.enqueue(part);
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return bounded as typeof fetch;
}
