/** The lines a review finding points at, numbered, with a little context around them. */
import { readFile } from "node:fs/promises";

const CONTEXT_LINES = 2;
const MAX_LINES = 40;

export async function locationExcerpt(path: string, start: number, end: number): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return [`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`];
  }
  const lines = text.split("\n");
  const first = Math.max(1, start - CONTEXT_LINES);
  const last = Math.min(lines.length, Math.max(start, end) + CONTEXT_LINES, first + MAX_LINES - 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const mark = n >= start && n <= end ? ">" : " ";
    out.push(`${mark} ${String(n).padStart(width)} │ ${lines[n - 1] ?? ""}`);
  }
  return out.length > 0 ? out : [`${path} has no line ${start}`];
}
