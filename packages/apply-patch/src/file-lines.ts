/**
 * A file's text viewed as lines, plus each line's start offset so that unchanged runs of lines can
 * be copied back as one slice of the original (large files with many chunks stay fast: no per-line
 * re-join). Per-tier normalised copies of the lines are made only when a fuzzy tier needs them.
 *
 * Lines follow the reference: split on the line ending, a final empty element dropped. A file
 * uses CRLF only when every "\n" is preceded by "\r"; otherwise any "\r" is part of the line.
 */
export class FileLines {
  readonly text: string;
  readonly eol: "\n" | "\r\n";
  readonly lines: readonly string[];
  /** Whether the last line is followed by a line ending. */
  readonly endsWithEol: boolean;
  private readonly starts: number[];
  private readonly normalisedCache = new Map<(line: string) => string, string[]>();

  constructor(text: string) {
    this.text = text;
    const pieces = text.split("\n");
    const starts: number[] = new Array(pieces.length + 1);
    let offset = 0;
    let crlf = pieces.length > 1;
    for (let i = 0; i < pieces.length; i++) {
      starts[i] = offset;
      const piece = pieces[i] as string;
      offset += piece.length + 1;
      if (crlf && i < pieces.length - 1 && piece.charCodeAt(piece.length - 1) !== 13) crlf = false;
    }
    this.endsWithEol = pieces[pieces.length - 1] === "" && pieces.length > 1;
    if (pieces[pieces.length - 1] === "") pieces.pop();
    starts.length = pieces.length;
    starts.push(text.length);
    this.starts = starts;
    this.eol = crlf ? "\r\n" : "\n";
    this.lines = crlf ? pieces.map((piece) => piece.slice(0, -1)) : pieces;
  }

  get count(): number {
    return this.lines.length;
  }

  /** All lines through `normalise`, computed once per normaliser. */
  normalised(normalise: (line: string) => string): string[] {
    let result = this.normalisedCache.get(normalise);
    if (result === undefined) {
      result = this.lines.map(normalise);
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
}
