/**
 * Bounded capture of a command's output: the first `headBytes` and the last `tailBytes` are kept,
 * the middle is only counted (bytes and newlines), so a command printing gigabytes costs constant
 * memory while the model-facing truncation (head lines + tail lines + exact totals) stays exact.
 */
import { noFTL } from "bun:jsc";

const NEWLINE = 0x0a;

/** The captured output: `head` ++ (omitted middle) ++ `tail`. */
export type CapturedOutput = {
  head: Uint8Array;
  tail: Uint8Array;
  /** Bytes dropped between head and tail (0 when the whole output was kept). */
  omittedBytes: number;
  /** Newlines among the dropped bytes. */
  omittedNewlines: number;
};

export function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  let from = 0;
  for (;;) {
    const at = bytes.indexOf(NEWLINE, from);
    if (at === -1) return count;
    count++;
    from = at + 1;
  }
}
// Every byte of every command's output passes through this loop (`indexOf` does the scanning), so
// it is the hottest JavaScript of a turn that prints a lot and the first that JavaScriptCore's top
// tier (FTL) compiles. That compiler's code and working memory cost ~2 MiB of peak RSS in a turn of
// 100 commands x 200 KB (issue 19), and the loop gains nothing from it over the DFG tier.
noFTL(countNewlines);

/**
 * The tail is a ring of `tailBytes` allocated once, on the first byte past the head: a chunk is
 * copied into it and the bytes it overwrites are counted as omitted, so streaming output through
 * allocates nothing per chunk (a turn of 100 commands × 200 KB copied and re-joined ~40 MB of
 * chunks before; issue 19).
 */
export class OutputCapture {
  readonly #headCap: number;
  readonly #tailCap: number;
  readonly #head: Uint8Array;
  #headLen = 0;
  #ring: Uint8Array | null = null;
  /** Index in `#ring` of the oldest kept byte. */
  #ringStart = 0;
  #ringLen = 0;
  #omittedBytes = 0;
  #omittedNewlines = 0;
  #total = 0;

  constructor(options: { headBytes: number; tailBytes: number }) {
    this.#headCap = options.headBytes;
    this.#tailCap = options.tailBytes;
    this.#head = new Uint8Array(options.headBytes);
  }

  get totalBytes(): number {
    return this.#total;
  }

  push(chunk: Uint8Array): void {
    this.#total += chunk.length;
    let rest = chunk;
    if (this.#headLen < this.#headCap) {
      const take = Math.min(this.#headCap - this.#headLen, rest.length);
      this.#head.set(rest.subarray(0, take), this.#headLen);
      this.#headLen += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    const cap = this.#tailCap;
    if (rest.length >= cap) {
      // The chunk alone fills the tail: all that was kept, and the chunk's start, are omitted.
      this.#omit(this.#ringLen);
      this.#omitBytes(rest.subarray(0, rest.length - cap));
      rest = rest.subarray(rest.length - cap);
    } else {
      this.#omit(Math.max(0, this.#ringLen + rest.length - cap));
    }
    if (rest.length === 0) return;
    this.#ring ??= new Uint8Array(cap);
    const end = (this.#ringStart + this.#ringLen) % cap;
    const first = Math.min(rest.length, cap - end);
    this.#ring.set(rest.subarray(0, first), end);
    if (first < rest.length) this.#ring.set(rest.subarray(first), 0);
    this.#ringLen += rest.length;
  }

  /** Drops the `count` oldest bytes of the ring, counting them as omitted. */
  #omit(count: number): void {
    if (count === 0 || this.#ring === null) return;
    const cap = this.#tailCap;
    const first = Math.min(count, cap - this.#ringStart);
    this.#omitBytes(this.#ring.subarray(this.#ringStart, this.#ringStart + first));
    if (first < count) this.#omitBytes(this.#ring.subarray(0, count - first));
    this.#ringStart = (this.#ringStart + count) % cap;
    this.#ringLen -= count;
  }

  #omitBytes(bytes: Uint8Array): void {
    this.#omittedBytes += bytes.length;
    this.#omittedNewlines += countNewlines(bytes);
  }

  /** What was captured so far, in buffers of its own (the capture may go on). */
  snapshot(): CapturedOutput {
    const tail = new Uint8Array(this.#ringLen);
    if (this.#ring !== null) {
      const first = Math.min(this.#ringLen, this.#tailCap - this.#ringStart);
      tail.set(this.#ring.subarray(this.#ringStart, this.#ringStart + first));
      tail.set(this.#ring.subarray(0, this.#ringLen - first), first);
    }
    return {
      head: this.#head.slice(0, this.#headLen),
      tail,
      omittedBytes: this.#omittedBytes,
      omittedNewlines: this.#omittedNewlines,
    };
  }
}

export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  const length = total ?? chunks.reduce((sum, c) => sum + c.length, 0);
  if (chunks.length === 1 && chunks[0]?.length === length) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Wraps a whole text as a capture (nothing omitted). */
export function captureFromText(text: string): CapturedOutput {
  return {
    head: new TextEncoder().encode(text),
    tail: new Uint8Array(0),
    omittedBytes: 0,
    omittedNewlines: 0,
  };
}

/** Returns the capture with `prefix` put before the output (e.g. the timeout notice). */
export function prependText(capture: CapturedOutput, prefix: string): CapturedOutput {
  const p = new TextEncoder().encode(prefix);
  return { ...capture, head: concatBytes([p, capture.head]) };
}
