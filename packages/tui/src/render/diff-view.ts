/** Unified diffs as coloured lines: additions green, removals red, hunk headers cyan. */

import { wrapLine } from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";

export function renderDiff(
  diff: string,
  options: { theme: Theme; width: number; indent?: string },
): string[] {
  const { theme, width } = options;
  const indent = options.indent ?? "";
  const out: string[] = [];
  for (const raw of diff.replace(/\n$/, "").split("\n")) {
    const line = raw.replace(/\t/g, "    ");
    let styled: string;
    if (line.startsWith("+++") || line.startsWith("---")) styled = theme.bold(line);
    else if (line.startsWith("diff ") || line.startsWith("index ")) styled = theme.bold(theme.gray(line));
    else if (line.startsWith("@@")) styled = theme.cyan(line);
    else if (line.startsWith("+")) styled = theme.green(line);
    else if (line.startsWith("-")) styled = theme.red(line);
    else styled = theme.color ? line : line;
    for (const w of wrapLine(styled, Math.max(10, width - indent.length))) out.push(indent + w);
  }
  return out;
}

/** Counts added and removed lines of a unified diff. */
export function diffStats(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+") && !line.startsWith("+++")) added++;
    else if (line.startsWith("-") && !line.startsWith("---")) removed++;
  }
  return { added, removed };
}
