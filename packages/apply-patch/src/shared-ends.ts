/**
 * The unchanged beginning and end of two texts, found without splitting them into lines. A patch
 * usually changes a few places in a file; splitting a 10 MB file into 200,000 line strings to
 * find that out, several times a patch, was most of what applying it cost in time and memory.
 */

/** Characters compared at once while the texts agree (native comparison of two substrings). */
const BLOCK = 1 << 16;

/** Where two texts' shared lines end and begin again, as character offsets at line starts. */
export type SharedEnds = {
  /** The texts agree on every line before this offset (the same in both). */
  prefixEnd: number;
  /** The texts agree on every line from these offsets on. */
  suffixStartOld: number;
  suffixStartNew: number;
};

export function sharedEnds(oldText: string, newText: string): SharedEnds {
  const shorter = Math.min(oldText.length, newText.length);
  const agreed = commonPrefixLength(oldText, newText, shorter);
  // Back to the start of the line the first difference is on.
  const prefixEnd = agreed === 0 ? 0 : oldText.lastIndexOf("\n", agreed - 1) + 1;
  const tail = commonSuffixLength(oldText, newText, shorter - prefixEnd);
  let suffixStartOld = oldText.length - tail;
  let suffixStartNew = newText.length - tail;
  const atLineStart = (text: string, at: number) => at === 0 || text[at - 1] === "\n";
  if (tail > 0 && !(atLineStart(oldText, suffixStartOld) && atLineStart(newText, suffixStartNew))) {
    // On to the start of the next line, which the shared text begins in both.
    const newline = oldText.indexOf("\n", suffixStartOld);
    const skip = newline === -1 ? tail : newline + 1 - suffixStartOld;
    suffixStartOld += skip;
    suffixStartNew += skip;
  }
  return { prefixEnd, suffixStartOld, suffixStartNew };
}

function commonPrefixLength(x: string, y: string, limit: number): number {
  let agreed = 0;
  let block = BLOCK;
  while (agreed < limit) {
    const size = Math.min(block, limit - agreed);
    if (x.slice(agreed, agreed + size) === y.slice(agreed, agreed + size)) agreed += size;
    else if (size === 1) return agreed;
    else block = size >> 1;
  }
  return agreed;
}

function commonSuffixLength(x: string, y: string, limit: number): number {
  let agreed = 0;
  let block = BLOCK;
  while (agreed < limit) {
    const size = Math.min(block, limit - agreed);
    const xEnd = x.length - agreed;
    const yEnd = y.length - agreed;
    if (x.slice(xEnd - size, xEnd) === y.slice(yEnd - size, yEnd)) agreed += size;
    else if (size === 1) return agreed;
    else block = size >> 1;
  }
  return agreed;
}

/** How many lines text[start, end) holds (a last line without "\n" counts). */
export function countLines(text: string, start: number, end: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", start); at !== -1 && at < end; at = text.indexOf("\n", at + 1)) count++;
  return end > start && text[end - 1] !== "\n" ? count + 1 : count;
}

/** The offset `lines` lines before the line start `at` (or 0). */
export function linesBack(text: string, at: number, lines: number): number {
  let position = at;
  for (let i = 0; i < lines && position > 0; i++)
    position = position < 2 ? 0 : text.lastIndexOf("\n", position - 2) + 1;
  return position;
}

/** The offset `lines` lines after the line start `at` (or the end). */
export function linesForward(text: string, at: number, lines: number): number {
  let position = at;
  for (let i = 0; i < lines && position < text.length; i++) {
    const newline = text.indexOf("\n", position);
    position = newline === -1 ? text.length : newline + 1;
  }
  return position;
}
