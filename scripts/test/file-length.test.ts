/**
 * The layer rule on file length: a file over 500 lines fails with a message that says what to do,
 * tests and scripts are held to it as sources are, and today's repository passes.
 */
import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileLengthProblem, fileLengthProblems } from "../layers/file-length.ts";

const root = resolve(import.meta.dir, "../..");
const lines = (n: number) => "const x = 1;\n".repeat(n);

test("500 lines pass; 501 fail with what to do about it", () => {
  expect(fileLengthProblem("packages/core/src/x.ts", lines(500))).toBeNull();
  // A last line without its newline is still a line.
  expect(fileLengthProblem("packages/core/src/x.ts", `${lines(500)}const y = 2;`)).toContain("501 lines");
  expect(fileLengthProblem("packages/core/src/x.ts", lines(501))).toBe(
    "packages/core/src/x.ts: 501 lines (limit 500); move one of its jobs (a class, a group of " +
      "functions, a describe block) into a file of its own named for that job (AGENTS.md: Rules)",
  );
});

test("tests, scripts and benchmarks are held to it; fixtures and installed packages are not", () => {
  const repo = mkdtempSync(join(tmpdir(), "codex-file-length-"));
  try {
    const put = (path: string, n: number) => {
      mkdirSync(join(repo, path, ".."), { recursive: true });
      writeFileSync(join(repo, path), lines(n));
    };
    put("packages/tui/src/app.ts", 499);
    put("packages/sandbox/test/long.test.ts", 501);
    put("scripts/long.ts", 600);
    put("bench/long.ts", 501);
    put("packaging/npm/cli/bin/long.js", 501);
    put("packages/core/test/fixtures/upstream.ts", 900);
    put("packages/core/node_modules/dep/index.js", 900);
    put("bench/results/run.js", 900);
    put("packages/core/src/notes.md", 900);
    const found = fileLengthProblems(repo).map((problem) => problem.split(":")[0]);
    expect(found.sort()).toEqual([
      "bench/long.ts",
      "packages/sandbox/test/long.test.ts",
      "packaging/npm/cli/bin/long.js",
      "scripts/long.ts",
    ]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test("today's repository passes", () => {
  expect(fileLengthProblems(root)).toEqual([]);
});
