/**
 * `codex sandbox linux [--full-auto] -- CMD…` end to end, from source (bun + the CLI entry) and
 * through dist/codex when built: the process becomes the sandbox, so exit codes, signals and
 * stdio are the command's own.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allowingCores, coreOwners, PLAIN_CORE_FILES } from "./core-dumps.ts";
import { AVAILABLE_TIERS, distRoutesHelper, makeWorkspace } from "./sandbox-runner.ts";

// Real processes: allow for a loaded machine.
setDefaultTimeout(30_000);

const REPO = join(import.meta.dir, "../../..");
const ENTRIES: Array<[string, string[]]> = [
  ["source", [process.execPath, join(REPO, "packages/cli/src/main.ts")]],
  ...(distRoutesHelper() ? ([["dist", [join(REPO, "dist/codex")]]] as Array<[string, string[]]>) : []),
];
const workspace = makeWorkspace();
mkdirSync(join(workspace.base, "codex-home"));
// Only the workspace is writable, so the outside directory (under /tmp here) must stay untouched.
writeFileSync(
  join(workspace.base, "codex-home", "config.toml"),
  "[sandbox_workspace_write]\nexclude_slash_tmp = true\nexclude_tmpdir_env_var = true\n",
);
afterAll(() => rmSync(workspace.base, { recursive: true, force: true }));

const hasCli = existsSync(join(REPO, "packages/cli/src/main.ts"));

for (const [name, entry] of hasCli ? ENTRIES : []) {
  for (const tier of AVAILABLE_TIERS) {
    describe(`codex sandbox linux (${name}, ${tier})`, () => {
      const codex = (args: string[], stdin?: string) => {
        const result = Bun.spawnSync(
          [...entry, "-c", `sandbox.linux_backend="${tier}"`, "sandbox", "linux", ...args],
          {
            cwd: workspace.ws,
            env: { ...process.env, CODEX_HOME: join(workspace.base, "codex-home") },
            stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin),
          },
        );
        return {
          code: result.exitCode,
          signal: result.signalCode ?? null,
          stdout: result.stdout.toString(),
          stderr: result.stderr.toString(),
        };
      };

      test("--full-auto: the workspace is writable, .git and the outside are not", () => {
        const result = codex([
          "--full-auto",
          "--",
          "sh",
          "-c",
          `echo a > src/cli.txt && echo ok; echo b > .git/cli 2>/dev/null || echo git-denied; echo c > ${workspace.outside}/cli 2>/dev/null || echo outside-denied`,
        ]);
        expect(result.stdout).toBe("ok\ngit-denied\noutside-denied\n");
        expect(result.code).toBe(0);
      });

      test("without --full-auto the policy is read-only", () => {
        const result = codex(["--", "sh", "-c", "echo a > src/ro.txt 2>/dev/null || echo denied"]);
        expect(result.stdout).toBe("denied\n");
        expect(existsSync(join(workspace.ws, "src", "ro.txt"))).toBe(false);
      });

      test("yes | head -1, stdin and exit codes", () => {
        expect(codex(["--", "sh", "-c", "yes | head -1"])).toMatchObject({
          code: 0,
          stdout: "y\n",
          stderr: "",
        });
        expect(codex(["--", "sh", "-c", "cat; exit 9"], "in\n")).toMatchObject({ code: 9, stdout: "in\n" });
      });

      test.skipIf(!PLAIN_CORE_FILES)("a command that dumps core leaves its own core, not codex's", () => {
        const dir = join(workspace.ws, `core-${name}-${tier}`);
        mkdirSync(dir);
        const result = Bun.spawnSync(
          allowingCores([
            ...entry,
            "-c",
            `sandbox.linux_backend="${tier}"`,
            "sandbox",
            "linux",
            "--full-auto",
            "--",
            "sh",
            "-c",
            "kill -SEGV $$",
          ]),
          { cwd: dir, env: { ...process.env, CODEX_HOME: join(workspace.base, "codex-home") } },
        );
        if (tier === "landlock") expect(result.signalCode).toBe("SIGSEGV");
        else expect(result.exitCode).toBe(139);
        // Whoever dies last of that signal writes the same file name: codex and the supervisors must
        // dump nothing, or the command's core is replaced by theirs.
        for (const owner of coreOwners(dir)) expect(owner).toBe("sh -c kill -SEGV $$");
        if (tier === "landlock") expect(coreOwners(dir)).toHaveLength(1);
      });

      test("death by signal", () => {
        const result = codex(["--", "sh", "-c", "kill -KILL $$"]);
        if (tier === "landlock") expect(result.signal).toBe("SIGKILL");
        else expect(result.code).toBe(137);
      });
    });
  }
}

describe.if(hasCli && process.platform === "linux")("codex sandbox linux where bun:ffi cannot load", () => {
  // JavaScriptCore without its JIT is one such runtime: bun:ffi then refuses to load at all.
  test("the error names the cause and the command does not run", () => {
    const marker = join(workspace.ws, "ran-without-sandbox");
    const result = Bun.spawnSync(
      [
        process.execPath,
        join(REPO, "packages/cli/src/main.ts"),
        "sandbox",
        "linux",
        "--full-auto",
        "--",
        "touch",
        marker,
      ],
      {
        cwd: workspace.ws,
        env: { ...process.env, CODEX_HOME: join(workspace.base, "codex-home"), BUN_JSC_useJIT: "0" },
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    expect(result.exitCode).not.toBe(0);
    // The cause first, then where (no dump of the source line around it).
    expect(result.stderr.toString()).toStartWith(
      "Error: cannot load libc through bun:ffi: bun:ffi requires the JIT\n    at ",
    );
    expect(existsSync(marker)).toBe(false);
  });
});
