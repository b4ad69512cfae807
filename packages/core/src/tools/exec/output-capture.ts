/**
 * Bounded capture of a command's output: the first `headBytes` and the last `tailBytes` are kept,
 * the middle is only counted (bytes and newlines), so a command printing gigabytes costs constant
 * memory while the model-facing truncation (head lines + tail lines + exact totals) stays exact.
 */

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

export class OutputCapture {
  readonly #headCap: number;
  readonly #tailCap: number;
  readonly #head: Uint8Array;
  #headLen = 0;
  #tailChunks: Uint8Array[] = [];
  #tailLen = 0;
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
    // Copy: the caller may reuse its buffer.
    this.#tailChunks.push(rest.slice());
    this.#tailLen += rest.length;
    if (this.#tailLen > this.#tailCap * 2) this.#compact();
  }

  #compact(): void {
    if (this.#tailLen <= this.#tailCap) return;
    const all = concatBytes(this.#tailChunks, this.#tailLen);
    const drop = all.length - this.#tailCap;
    const dropped = all.subarray(0, drop);
    this.#omittedBytes += drop;
    this.#omittedNewlines += countNewlines(dropped);
    this.#tailChunks = [all.slice(drop)];
    this.#tailLen = this.#tailCap;
  }

  snapshot(): CapturedOutput {
    this.#compact();
    return {
      head: this.#head.slice(0, this.#headLen),
      tail: concatBytes(this.#tailChunks, this.#tailLen),
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
