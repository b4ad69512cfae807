/**
 * End to end: the built executable (`npm run build` -> dist/codex) as
 * `codex --codex-run-as-apply-patch PATCH` and as `apply_patch` (argv[0] through a symlink),
 * over the 23 upstream scenarios and the CLI's output and exit codes. Skipped when dist/codex is
 * missing (`npm test` builds it first).
 */
import { describe, expect, test } from "bun:test";
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { snapshotTree, tempDir } from "./helpers.ts";

const REPO_ROOT = resolve(import.meta.dir, "../../..");
const CODEX = join(REPO_ROOT, "dist", process.platform === "win32" ? "codex.exe" : "codex");
const SCENARIOS = resolve(import.meta.dir, "fixtures/scenarios");
const built = existsSync(CODEX);

function run(argv: string[], options: { cwd: string; stdin?: string }) {
  const result = Bun.spawnSync(argv, {
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "ignore" : Buffer.from(options.stdin),
    env: { ...process.env, RUST_LOG: undefined },
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

describe.skipIf(!built)("dist/codex as apply_patch", () => {
  const names = readdirSync(SCENARIOS).filter((name) => existsSync(join(SCENARIOS, name, "patch.txt")));
  for (const name of names.sort()) {
    test(`--codex-run-as-apply-patch: ${name}`, () => {
      const dir = join(SCENARIOS, name);
      const work = tempDir();
      if (existsSync(join(dir, "input"))) cpSync(join(dir, "input"), work, { recursive: true });
      run([CODEX, "--codex-run-as-apply-patch", readFileSync(join(dir, "patch.txt"), "utf8")], { cwd: work });
      const expected = existsSync(join(dir, "expected")) ? snapshotTree(join(dir, "expected")) : {};
      expect(snapshotTree(work)).toEqual(expected);
    });
  }

  test("prints the summary on stdout and exits 0; errors on stderr with exit 1", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "a.txt"), "hello\n");
    const ok = run(
      [
        CODEX,
        "--codex-run-as-apply-patch",
        "*** Begin Patch\n*** Update File: a.txt\n@@\n-hello\n+HELLO\n*** End Patch",
      ],
      { cwd },
    );
    expect(ok).toEqual({ code: 0, stdout: "Success. Updated the following files:\nM a.txt\n", stderr: "" });
    const bad = run(
      [
        CODEX,
        "--codex-run-as-apply-patch",
        "*** Begin Patch\n*** Update File: a.txt\n@@\n-nope\n+x\n*** End Patch",
      ],
      {
        cwd,
      },
    );
    expect(bad).toEqual({
      code: 1,
      stdout: "",
      stderr: `Failed to find expected lines in ${realpathSync(cwd)}/a.txt:\nnope\n`,
    });
  });

  test("started as apply_patch, reads the patch from stdin", () => {
    const cwd = tempDir();
    const link = join(cwd, "apply_patch");
    symlinkSync(CODEX, link);
    const result = run([link], { cwd, stdin: "*** Begin Patch\n*** Add File: c.txt\n+c\n*** End Patch\n" });
    expect(result).toEqual({
      code: 0,
      stdout: "Success. Updated the following files:\nA c.txt\n",
      stderr: "",
    });
    expect(readFileSync(join(cwd, "c.txt"), "utf8")).toBe("c\n");
  });

  test("a file's byte-order mark stays, and its first line matches without it", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "bom.txt"), Buffer.from("\uFEFFa\nb\nc\n", "utf8"));
    const patch = "*** Begin Patch\n*** Update File: bom.txt\n@@\n a\n-b\n+B\n c\n*** End Patch\n";
    const result = run([CODEX, "--codex-run-as-apply-patch", patch], { cwd });
    expect(result.code).toBe(0);
    expect(readFileSync(join(cwd, "bom.txt")).toString("hex")).toBe(
      Buffer.from("\uFEFFa\nB\nc\n").toString("hex"),
    );
  });

  test("a file that is not UTF-8 is refused, as the reference refuses it", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "latin1.txt"), Buffer.from([0x61, 0x0a, 0xe9, 0x0a]));
    const patch = "*** Begin Patch\n*** Update File: latin1.txt\n@@\n-a\n+A\n*** End Patch\n";
    const result = run([CODEX, "--codex-run-as-apply-patch", patch], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Failed to read file to update ${realpathSync(cwd)}/latin1.txt: invalid utf-8 sequence of 1 bytes from index 2\n`,
    );
    expect(readFileSync(join(cwd, "latin1.txt"))).toEqual(Buffer.from([0x61, 0x0a, 0xe9, 0x0a]));
  });
});
