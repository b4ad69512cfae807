/**
 * No code file of the repository is longer than MAX_LINES lines: sources, tests, scripts and
 * benchmarks alike. A long file is doing more than one job; the message says how to split it.
 * Copied upstream fixtures, installed packages and build output are not ours to split.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const MAX_LINES = 500;
const CODE = /\.(ts|tsx|js|mjs|cjs)$/;
/** Folders, by name anywhere or by path from the root, that hold no code of ours (see .gitignore). */
const NOT_OURS = new Set(["node_modules", "fixtures", "dist", "bench/results", "bench/reference"]);
/** Where the repository's own code lives. */
const CODE_FOLDERS = ["packages", "scripts", "bench", "packaging"];

/** Lines as `wc -l` and editors count them: a final newline ends the last line, it starts none. */
function lineCount(text: string): number {
  if (text === "") return 0;
  const newlines = text.split("\n").length - 1;
  return text.endsWith("\n") ? newlines : newlines + 1;
}

/** The problem with one file (`file` as the reader should see it), or null. */
export function fileLengthProblem(file: string, text: string): string | null {
  const lines = lineCount(text);
  if (lines <= MAX_LINES) return null;
  return (
    `${file}: ${lines} lines (limit ${MAX_LINES}); move one of its jobs (a class, a group of ` +
    "functions, a describe block) into a file of its own named for that job (AGENTS.md: Rules)"
  );
}

/** Every file of the repository at `root` that is too long. */
export function fileLengthProblems(root: string): string[] {
  const problems: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!NOT_OURS.has(name) && !NOT_OURS.has(relative(root, full))) walk(full);
      } else if (CODE.test(name)) {
        const problem = fileLengthProblem(relative(root, full), readFileSync(full, "utf8"));
        if (problem) problems.push(problem);
      }
    }
  };
  for (const folder of CODE_FOLDERS) walk(join(root, folder));
  return problems;
}
