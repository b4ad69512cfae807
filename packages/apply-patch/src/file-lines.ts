/**
 * A file's text viewed as lines without copying it: line start offsets over the original string.
 * Exact comparisons read the text in place; whole-line strings (and per-tier normalised copies)
 * are made only when a fuzzy match tier needs them. Unchanged runs of lines can be copied back
 * as one slice, which keeps large files with many chunks fast.
 *
 * Lines follow the reference: split on the line ending, a final empty element dropped. A file
 * uses CRLF only when every "\n" is preceded by "\r"; otherwise any "\r" is part of the line.
 */
export class FileLines {
  readonly text: string;
  readonly eol: "\n" | "\r\n";
  /** Number of lines. */
  readonly count: number;
  /** Whether the last line is followed by a line ending. */
  readonly endsWithEol: boolean;
  private readonly starts: number[];
  private materialised: string[] | null = null;
  private readonly normalisedCache = new Map<(line: string) => string, string[]>();

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    let crlf = true;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) {
      if (nl === 0 || text.charCodeAt(nl - 1) !== 13) crlf = false;
      starts.push(nl + 1);
    }
    this.eol = crlf && starts.length > 1 ? "\r\n" : "\n";
    this.endsWithEol = text.length > 0 && text.endsWith("\n");
    // starts has one entry per "\n" plus one; the entry after a final "\n" starts no line.
    this.count = text.length === 0 ? 0 : this.endsWithEol ? starts.length - 1 : starts.length;
    starts.length = this.count;
    starts.push(text.length);
    this.starts = starts;
  }

  /** End offset of line `index`, before its line ending. */
  private end(index: number): number {
    const next = this.starts[index + 1] as number;
    return index < this.count - 1 || this.endsWithEol ? next - this.eol.length : next;
  }

  lengthOf(index: number): number {
    return this.end(index) - (this.starts[index] as number);
  }

  line(index: number): string {
    return this.text.slice(this.starts[index], this.end(index));
  }

  /** True when line `index` is exactly `candidate`, compared in place. */
  equals(index: number, candidate: string): boolean {
    return this.lengthOf(index) === candidate.length && this.text.startsWith(candidate, this.starts[index]);
  }

  /** All lines through `normalise`, computed once per normaliser. */
  normalised(normalise: (line: string) => string): string[] {
    let result = this.normalisedCache.get(normalise);
    if (result === undefined) {
      const lines = this.all();
      result = lines.map(normalise);
      this.normalisedCache.set(normalise, result);
    }
    return result;
  }

  /** Lines `from..to` with their line endings, as one slice of the original text. */
  sliceWithEndings(from: number, to: number): string {
    if (from >= to) return "";
    const text = this.text.slice(this.starts[from], this.starts[to]);
    return to === this.count && !this.endsWithEol ? text + this.eol : text;
  }

  private all(): string[] {
    if (this.materialised === null) {
      const lines: string[] = [];
      for (let i = 0; i < this.count; i++) lines.push(this.line(i));
      this.materialised = lines;
    }
    return this.materialised;
  }
}
