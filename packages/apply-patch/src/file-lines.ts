/**
 * A file's text viewed as lines, plus each line's start offset so that unchanged runs of lines can
 * be copied back as one slice of the original (large files with many chunks stay fast: no per-line
 * re-join). Per-tier normalised copies of the lines are made only when a fuzzy tier needs them.
 *
 * Lines follow Codex 0.169: a line ends at "\r\n", "\n" or a lone "\r" (none of which is part of
 * the line), a final empty element dropped. The first ending in the file is the one added lines
 * get ("\n" when there is none); unchanged lines keep their own.
 */
export class FileLines {
  readonly text: string;
  readonly eol: string;
  readonly lines: readonly string[];
  /** Whether the last line is followed by a line ending. */
  readonly endsWithEol: boolean;
  private readonly starts: number[];
  private readonly normalisedCache = new Map<(line: string) => string, string[]>();

  constructor(text: string) {
    this.text = text;
    const { lines, starts, eol } = text.includes("\r") ? splitAnyEnding(text) : splitLf(text);
    this.endsWithEol = text.endsWith("\n") || text.endsWith("\r");
    this.lines = lines;
    this.starts = starts;
    this.eol = eol ?? "\n";
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

/** Lines, each line's start offset (and the text's length after the last), the first line ending. */
type Split = { lines: string[]; starts: number[]; eol: string | null };

/** Lines of a text with no "\r" (the usual case), split natively. */
function splitLf(text: string): Split {
  const lines = text.split("\n");
  const starts: number[] = new Array(lines.length);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = offset;
    offset += (lines[i] as string).length + 1;
  }
  if (lines[lines.length - 1] === "") lines.pop();
  starts.length = lines.length;
  starts.push(text.length);
  return { lines, starts, eol: "\n" };
}

/** Lines of a text that has a "\r": each ends at "\r\n", "\n" or "\r", found with `indexOf`. */
function splitAnyEnding(text: string): Split {
  const lines: string[] = [];
  const starts: number[] = [];
  let eol: string | null = null;
  let lf = -2;
  let cr = -2;
  let at = 0;
  while (at < text.length) {
    if (lf !== -1 && lf < at) lf = text.indexOf("\n", at);
    if (cr !== -1 && cr < at) cr = text.indexOf("\r", at);
    const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
    starts.push(at);
    if (end === -1) {
      lines.push(text.slice(at));
      at = text.length;
      break;
    }
    lines.push(text.slice(at, end));
    const length = end === cr && lf === end + 1 ? 2 : 1;
    eol ??= text.slice(end, end + length);
    at = end + length;
  }
  starts.push(text.length);
  return { lines, starts, eol };
}
