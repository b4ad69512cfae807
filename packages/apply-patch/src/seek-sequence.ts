/**
 * Finds a run of lines in a file, from a cursor, with decreasing strictness: exact, then ignoring
 * trailing whitespace, then ignoring surrounding whitespace, then also folding typographic Unicode
 * punctuation (dashes, quotes, odd spaces) to ASCII. Each tier scans the whole remaining range
 * before the next tier is tried, as the reference does. The normalised forms are computed lazily and cached per file, so repeated searches stay linear.
 */

import type { FileLines } from "./file-lines.ts";

type Normaliser = (line: string) => string;

const trimEnd: Normaliser = (line) => line.trimEnd();
const trimBoth: Normaliser = (line) => line.trim();

const PUNCTUATION_FOLDS: Record<string, string> = {};
for (const c of "\u2010\u2011\u2012\u2013\u2014\u2015\u2212") PUNCTUATION_FOLDS[c] = "-";
for (const c of "\u2018\u2019\u201A\u201B") PUNCTUATION_FOLDS[c] = "'";
for (const c of "\u201C\u201D\u201E\u201F") PUNCTUATION_FOLDS[c] = '"';
for (const c of "\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000") {
  PUNCTUATION_FOLDS[c] = " ";
}
const FOLDABLE = /[\u2010-\u2015\u2212\u2018-\u201F\u00A0\u2002-\u200A\u202F\u205F\u3000]/g;

/** Trims, then maps Unicode dashes, quotes and non-breaking/odd spaces to their ASCII forms. */
export function foldPunctuation(line: string): string {
  return line.trim().replace(FOLDABLE, (c) => PUNCTUATION_FOLDS[c] ?? c);
}

const TIERS: Normaliser[] = [trimEnd, trimBoth, foldPunctuation];

/**
 * Start index of `pattern` in `file` at or after `start`, or null. With `endOfFile`, the search
 * starts at the last place the pattern could fit, never before `start` (a chunk's `@@` context
 * or the chunk before it), as in Codex 0.169; it does not fall back to `start`.
 */
export function seekSequence(
  file: FileLines,
  pattern: readonly string[],
  options: { start: number; endOfFile: boolean },
): number | null {
  if (pattern.length === 0) return options.start;
  if (pattern.length > file.count) return null;
  const from = options.endOfFile ? Math.max(options.start, file.count - pattern.length) : options.start;
  const found = scan(file.lines, pattern, from);
  if (found !== null) return found;
  for (const normalise of TIERS) {
    const hit = scan(file.normalised(normalise), pattern.map(normalise), from);
    if (hit !== null) return hit;
  }
  return null;
}

function scan(lines: readonly string[], pattern: readonly string[], from: number): number | null {
  const last = lines.length - pattern.length;
  const head = pattern[0] as string;
  outer: for (let i = from; i <= last; i++) {
    if (lines[i] !== head) continue;
    for (let j = 1; j < pattern.length; j++) {
      if (lines[i + j] !== pattern[j]) continue outer;
    }
    return i;
  }
  return null;
}
