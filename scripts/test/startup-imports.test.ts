/**
 * The layer rule on exec's start-up path: a heavy module imported by anything exec loads before its
 * first request fails, with the chain that loads it; type-only imports, dynamic imports and lazy
 * loads pass; today's repository passes.
 */
import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startupImportProblems } from "../layers/startup-imports.ts";

const root = resolve(import.meta.dir, "../..");

/** A repository with just the entries the rule starts from, plus `files`. */
function repoWith(files: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), "codex-startup-imports-"));
  const all: Record<string, string> = {
    "packages/cli/src/main.ts": 'import "./run.ts";\n',
    "packages/cli/src/run.ts": "export {};\n",
    "packages/cli/src/commands/exec.ts": 'import { runExec } from "@codex/exec";\n',
    "packages/exec/package.json": JSON.stringify({ exports: { ".": "./src/index.ts" } }),
    "packages/exec/src/index.ts": 'export { runExec } from "./run-exec.ts";\n',
    "packages/exec/src/run-exec.ts": "export const runExec = 1;\n",
    "packages/core/src/index.ts": "export {};\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(repo, path, ".."), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  return repo;
}

test("a heavy import reached through a workspace package fails, naming the chain and what to use", () => {
  const repo = repoWith({
    "packages/exec/src/run-exec.ts": 'import { hash } from "./digest.ts";\nexport const runExec = hash;\n',
    "packages/exec/src/digest.ts":
      'import { createHash } from "node:crypto";\nexport const hash = createHash;\n',
  });
  try {
    expect(startupImportProblems(repo)).toEqual([
      "packages/exec/src/digest.ts: imports node:crypto on codex exec's start-up path " +
        "(packages/cli/src/commands/exec.ts → packages/exec/src/index.ts → packages/exec/src/run-exec.ts → " +
        'packages/exec/src/digest.ts); use Bun.CryptoHasher or crypto.getRandomValues (docs/design.md, "Start-up")',
    ]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test("type-only imports, dynamic imports and lazy loads pass", () => {
  const repo = repoWith({
    "packages/exec/src/run-exec.ts": [
      'import type { Server } from "node:net";',
      'import { type ChildProcess } from "node:child_process";',
      'const http = () => process.getBuiltinModule("node:http");',
      'export const runExec = async () => (await import("openai")).default;',
      "export type T = Server | ChildProcess;",
      "void http;",
    ].join("\n"),
  });
  try {
    expect(startupImportProblems(repo)).toEqual([]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test("this repository keeps heavy modules off exec's start-up path", () => {
  expect(startupImportProblems(root)).toEqual([]);
});
