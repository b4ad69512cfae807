/**
 * Differential test against the Rust reference (`@openai/codex` 0.169, installed into
 * bench/reference/ by `npm run bench` or bench/lib.ts): random small files and random patches
 * (chunks drawn from the files, whitespace and Unicode-punctuation variants, @@ contexts, End of
 * File markers, moves, adds, deletes, errors) are applied by both; exit code, stdout, stderr and the
 * resulting tree must be identical (200 cases; set APPLY_PATCH_DIFFERENTIAL_CASES for more). Each
 * side runs in a directory of its own, and 0.169 names files by absolute path in its errors, so each
 * side's directory is masked in its output. Skipped when the reference binary is not installed.
 * Excluded on purpose, where we deliberately differ (see the README): a move onto the file's own
 * path (0.169 deletes the file).
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { arch, platform } from "node:os";
import { join, resolve } from "node:path";
import { runApplyPatchCli } from "../src/index.ts";
import { snapshotTree, tempDir } from "./helpers.ts";

const REPO_ROOT = resolve(import.meta.dir, "../../..");
const CPU = arch() === "arm64" ? "arm64" : "x64";
const TRIPLE =
  platform() === "linux"
    ? `${arch() === "arm64" ? "aarch64" : "x86_64"}-unknown-linux-musl`
    : `${arch() === "arm64" ? "aarch64" : "x86_64"}-apple-darwin`;
const REFERENCE = join(
  REPO_ROOT,
  "bench/reference/0.169.0/node_modules/@openai",
  `codex-${platform()}-${CPU}`,
  "vendor",
  TRIPLE,
  "bin/codex",
);
const CASES = Number(process.env.APPLY_PATCH_DIFFERENTIAL_CASES ?? 200);

const WORDS = [
  "a",
  "b",
  "c",
  "foo",
  "bar",
  " a",
  "a ",
  "",
  "x\u2013y",
  "x-y",
  "\u201Cq\u201D",
  '"q"',
  "  in",
  "\tt",
  "@@",
  "+p",
  "-m",
];

/** Deterministic pseudo-random numbers (so a failure can be reproduced from its case number). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function generateCase(rnd: () => number): { files: Record<string, string>; patch: string } {
  const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const fileText = () => {
    const lines = Array.from({ length: Math.floor(rnd() * 8) }, () => pick(WORDS));
    let text = lines.join("\n");
    if (lines.length > 0 && rnd() < 0.8) text += "\n";
    const ended = rnd() < 0.1 ? `${text}\n` : text;
    // Some files end their lines in CRLF, all of them or only the first.
    const r = rnd();
    return r < 0.1 ? ended.replaceAll("\n", "\r\n") : r < 0.15 ? ended.replace("\n", "\r\n") : ended;
  };
  const files: Record<string, string> = { "f.txt": fileText(), "g.txt": fileText(), "other.txt": fileText() };
  const randomLines = () =>
    Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
      const r = rnd();
      return r < 0.35 ? ` ${pick(WORDS)}` : r < 0.6 ? `-${pick(WORDS)}` : r < 0.9 ? `+${pick(WORDS)}` : "";
    });
  const linesFrom = (name: string) => {
    const source = (files[name] ?? "").split("\n");
    const start = Math.floor(rnd() * source.length);
    const out = source.slice(start, start + 1 + Math.floor(rnd() * 3)).map((line) => {
      let text = rnd() < 0.15 ? line.trim() : line;
      if (rnd() < 0.1) text = text.replace("\u2013", "-");
      const r = rnd();
      return r < 0.5 ? ` ${text}` : r < 0.85 ? `-${text}` : `+${text}`;
    });
    if (rnd() < 0.7) out.push(`+${pick(WORDS)}`);
    return out;
  };
  const lines = ["*** Begin Patch"];
  const hunks = rnd() < 0.7 ? 1 : Math.floor(rnd() * 4);
  for (let h = 0; h < hunks; h++) {
    const r = rnd();
    const name = pick(Object.keys(files));
    if (r < 0.15) {
      lines.push(`*** Add File: ${pick(["new.txt", "d/n.txt", name])}`);
      for (let i = Math.floor(rnd() * 3); i > 0; i--) lines.push(`+${pick(WORDS)}`);
    } else if (r < 0.25) {
      lines.push(`*** Delete File: ${pick([...Object.keys(files), "nope.txt", "dir"])}`);
    } else {
      lines.push(`*** Update File: ${name}`);
      if (rnd() < 0.1)
        lines.push(`*** Move to: ${pick(["m/moved.txt", "other.txt"].filter((to) => to !== name))}`);
      for (let c = 1 + Math.floor(rnd() * 2); c > 0; c--) {
        const q = rnd();
        if (!(lines[lines.length - 1]?.startsWith("*** Update") && q < 0.2)) {
          lines.push(q < 0.5 ? "@@" : `@@ ${pick(WORDS)}`);
        }
        lines.push(...(rnd() < 0.7 ? linesFrom(name) : randomLines()));
        if (rnd() < 0.15) lines.push("*** End of File");
        if (rnd() < 0.1) lines.push("");
      }
    }
  }
  lines.push("*** End Patch");
  return { files, patch: lines.join("\n") + (rnd() < 0.5 ? "\n" : "") };
}

function prepare(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(join(dir, "dir"));
  writeFileSync(join(dir, "dir/keep.txt"), "keep\n");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe.skipIf(!existsSync(REFERENCE))("same results as the Rust reference", () => {
  test(`${CASES} random patches`, async () => {
    const rnd = random(20251123);
    for (let n = 0; n < CASES; n++) {
      const { files, patch } = generateCase(rnd);
      const oursDir = prepare(files);
      const referenceDir = prepare(files);
      let stdout = "";
      let stderr = "";
      const code = await runApplyPatchCli([patch], {
        cwd: oursDir,
        stdout: (text) => {
          stdout += text;
        },
        stderr: (text) => {
          stderr += text;
        },
      });
      const reference = Bun.spawnSync([REFERENCE, "--codex-run-as-apply-patch", patch], {
        cwd: referenceDir,
      });
      const context = `case ${n}\n${JSON.stringify(files)}\n${patch}`;
      const masked = (text: string, dir: string) => text.split(dir).join("<dir>");
      expect(
        {
          n,
          code,
          stdout: masked(stdout, oursDir),
          stderr: masked(stderr, oursDir),
          tree: snapshotTree(oursDir),
        },
        context,
      ).toEqual({
        n,
        code: reference.exitCode,
        // The reference resolves against its working directory as the system reports it.
        stdout: masked(reference.stdout.toString(), realpathSync(referenceDir)),
        stderr: masked(reference.stderr.toString(), realpathSync(referenceDir)),
        tree: snapshotTree(referenceDir),
      });
    }
  }, 60_000);
});
