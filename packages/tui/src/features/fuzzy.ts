/**
 * Fuzzy matching for the @ file popup and the slash popup: the query's characters must appear in
 * order (case-insensitive). The score rewards consecutive runs, matches at the start of a path
 * segment or word, and matches in the file name; it penalises long paths.
 */

export type FuzzyMatch = { text: string; score: number; indices: number[] };

function isBoundary(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1] ?? "";
  if (prev === "/" || prev === "_" || prev === "-" || prev === "." || prev === " ") return true;
  const ch = text[i] ?? "";
  return prev === prev.toLowerCase() && ch !== ch.toLowerCase();
}

/** Scores `text` against a lower-case `query`; null when it does not match. */
export function fuzzyScore(text: string, query: string): FuzzyMatch | null {
  if (query.length === 0) return { text, score: 0, indices: [] };
  const lower = text.toLowerCase();
  // Quick reject: every query character in order.
  let pos = 0;
  for (let q = 0; q < query.length; q++) {
    pos = lower.indexOf(query[q] ?? "", pos);
    if (pos < 0) return null;
    pos++;
  }
  const baseStart = lower.lastIndexOf("/") + 1;
  // Prefer a match entirely inside the file name.
  const inName = greedy(lower, query, baseStart, text);
  const anywhere = greedy(lower, query, 0, text);
  const best =
    inName && inName.score + 20 > (anywhere?.score ?? -Infinity)
      ? { ...inName, score: inName.score + 20 }
      : anywhere;
  if (!best) return null;
  return { text, score: best.score - text.length * 0.1, indices: best.indices };
}

function greedy(
  lower: string,
  query: string,
  from: number,
  original: string,
): { score: number; indices: number[] } | null {
  const indices: number[] = [];
  let score = 0;
  let i = from;
  let prev = -2;
  for (let q = 0; q < query.length; q++) {
    const ch = query[q] ?? "";
    // Look ahead for a boundary occurrence before settling for the next occurrence.
    const next = lower.indexOf(ch, i);
    if (next < 0) return null;
    let pick = next;
    if (prev !== next - 1) {
      for (let j = next; j < lower.length && j < next + 24; j++) {
        if (lower[j] === ch && isBoundary(original, j) && subsequenceFrom(lower, query, q + 1, j + 1)) {
          pick = j;
          break;
        }
      }
    }
    score += 1;
    if (pick === prev + 1) score += 6;
    if (isBoundary(original, pick)) score += 8;
    if (pick === from) score += 4;
    indices.push(pick);
    prev = pick;
    i = pick + 1;
  }
  return { score, indices };
}

function subsequenceFrom(lower: string, query: string, q: number, from: number): boolean {
  let pos = from;
  for (let k = q; k < query.length; k++) {
    pos = lower.indexOf(query[k] ?? "", pos);
    if (pos < 0) return false;
    pos++;
  }
  return true;
}

/**
 * A fast first-pass score: leftmost greedy match (in the file name when possible) with bonuses for
 * runs and word starts. Used to pick candidates among many files before the precise scorer.
 */
function quickScore(lower: string, original: string, query: string): number | null {
  let pos = 0;
  for (let q = 0; q < query.length; q++) {
    pos = lower.indexOf(query[q] ?? "", pos);
    if (pos < 0) return null;
    pos++;
  }
  const base = lower.lastIndexOf("/") + 1;
  let score = 0;
  let prev = -2;
  let i = base;
  let inName = true;
  for (let q = 0; q < query.length; q++) {
    const at = lower.indexOf(query[q] ?? "", i);
    if (at < 0) {
      inName = false;
      break;
    }
    if (at === prev + 1) score += 6;
    if (at === base || !isWordChar(original.charCodeAt(at - 1))) score += 8;
    prev = at;
    i = at + 1;
  }
  if (inName) return score + 20 + query.length - lower.length * 0.1;
  return query.length - lower.length * 0.1;
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

const CANDIDATES = 64;

/** The best `limit` matches, best first. `lowered` (the items in lower case) saves work when given. */
export function fuzzyFilter(
  items: readonly string[],
  query: string,
  limit: number,
  lowered?: readonly string[],
): FuzzyMatch[] {
  const q = query.toLowerCase();
  if (q.length === 0) return items.slice(0, limit).map((text) => ({ text, score: 0, indices: [] }));
  // Pass 1: cheap scores, keep the best few dozen.
  const keep = Math.max(limit, CANDIDATES);
  const top: Array<{ i: number; score: number }> = [];
  let floor = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const original = items[i] ?? "";
    const score = quickScore(lowered?.[i] ?? original.toLowerCase(), original, q);
    if (score === null || (top.length >= keep && score <= floor)) continue;
    top.push({ i, score });
    if (top.length > keep * 2) {
      top.sort((a, b) => b.score - a.score);
      top.length = keep;
      floor = top[keep - 1]?.score ?? -Infinity;
    }
  }
  // Pass 2: the precise scorer on the candidates.
  const out: FuzzyMatch[] = [];
  for (const { i } of top) {
    const m = fuzzyScore(items[i] ?? "", q);
    if (m) out.push(m);
  }
  return out.sort(byScore).slice(0, limit);
}

function byScore(a: FuzzyMatch, b: FuzzyMatch): number {
  return b.score - a.score || a.text.length - b.text.length || (a.text < b.text ? -1 : 1);
}

/** Styles the matched characters of a fuzzy match. */
export function highlightMatch(match: FuzzyMatch, style: (s: string) => string): string {
  if (match.indices.length === 0) return match.text;
  const set = new Set(match.indices);
  let out = "";
  for (let i = 0; i < match.text.length; i++) out += set.has(i) ? style(match.text[i] ?? "") : match.text[i];
  return out;
}
