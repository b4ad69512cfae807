/**
 * A file's text viewed as lines, plus each line's start offset so that unchanged runs of lines can
 * be copied back as one slice of the original (large files with many chunks stay fast: no per-line
 * re-join). Per-tier normalised copies of the lines are made only when a fuzzy tier needs them.
 *
 * Lines follow the reference: split on the line ending, a final empty element dropped. As in
 * Codex 0.169, the first line's ending decides the file's: after a first line ending in CRLF, a
 * "\r" before "\n" is not part of its line and added lines end in CRLF; otherwise any "\r" is part
 * of the line. Unchanged lines keep their own endings either way.
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
    for (let i = 0; i < pieces.length; i++) {
      starts[i] = offset;
      offset += (pieces[i] as string).length + 1;
    }
    const endsInCr = (piece: string) => piece.charCodeAt(piece.length - 1) === 13;
    const crlf = pieces.length > 1 && endsInCr(pieces[0] as string);
    // Only a "\r" that a "\n" follows is part of an ending: not the last piece's.
    const ended = pieces.length - 1;
    const lines = crlf
      ? pieces.map((piece, i) => (i < ended && endsInCr(piece) ? piece.slice(0, -1) : piece))
      : pieces;
    this.endsWithEol = pieces[pieces.length - 1] === "" && pieces.length > 1;
    if (lines[lines.length - 1] === "") lines.pop();
    starts.length = lines.length;
    starts.push(text.length);
    this.starts = starts;
    this.eol = crlf ? "\r\n" : "\n";
    this.lines = lines;
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
