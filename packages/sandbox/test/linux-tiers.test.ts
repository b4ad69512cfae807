/**
 * Real system calls, for every Linux tier that works on this host, through the real helper mode:
 * the file-system boundary, .git/.codex, /tmp, the network, children and daemons, stdio, signals
 * and exit codes. What outlives a command and what it reaches besides files:
 * linux-tiers-lifetime.test.ts.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { SandboxPolicy } from "@codex/protocol";
import { waitUntil } from "@codex/test-support";
import {
  AVAILABLE_TIERS,
  FIXTURES,
  HAS_PYTHON,
  helperVariants,
  PYTHON,
  pgrepFull,
  prepare,
  probeLines,
  type RunOptions,
  runSandboxed,
  scratchWorkspaces,
  spawnPrepared,
  workspaceWrite,
} from "./sandbox-runner.ts";

// Real processes: allow for a loaded machine.
setDefaultTimeout(30_000);

const isLinux = process.platform === "linux";
const { fresh, removeAfter } = scratchWorkspaces();

test.skipIf(!isLinux)("this Linux host offers at least one sandbox tier", () => {
  expect(AVAILABLE_TIERS.length).toBeGreaterThan(0);
});

const VARIANTS = helperVariants();

for (const tier of AVAILABLE_TIERS)
  for (const variant of VARIANTS) {
    const run = (options: RunOptions) => runSandboxed({ ...options, helper: variant });
    describe(`${tier} tier, helper from ${variant}`, () => {
      test.skipIf(!HAS_PYTHON)(
        "file-system boundary: inside writable; outside, symlinks, renames, hard links, .git, .codex not",
        async () => {
          const { ws, outside } = fresh();
          const result = await run({
            tier,
            policy: workspaceWrite({ network: false }),
            argv: [PYTHON, join(FIXTURES, "fs-probe.py"), ws, outside],
            cwd: ws,
          });
          expect(result.stderr).toBe("");
          const lines = probeLines(result.stdout);
          expect(lines).toEqual({
            "write-inside": "ok",
            "write-outside": "denied",
            "write-existing-outside": "denied",
            "write-through-symlink": "denied",
            "write-file-symlink": "denied",
            "rename-out": "denied",
            "rename-in": "denied",
            "link-in": "denied",
            "link-out": "denied",
            "git-config": "denied",
            "git-hook": "denied",
            "git-rename": "denied",
            "codex-config": "denied",
            "mkdir-inside": "ok",
          });
          expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("v");
          expect(readFileSync(join(ws, ".git", "config"), "utf8")).toBe("[core]\n");
          expect(existsSync(join(ws, "src", "movable.txt"))).toBe(true);
        },
      );

      test("existing files at the top of a repository stay writable", async () => {
        const { ws } = fresh();
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", "echo changed > README.md"],
          cwd: ws,
        });
        expect(result.code).toBe(0);
        expect(readFileSync(join(ws, "README.md"), "utf8")).toBe("changed\n");
      });

      test("a .git file's gitdir target stays read-only", async () => {
        const { ws } = fresh();
        // A worktree-style checkout inside the workspace whose git directory is elsewhere in it.
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", "true"],
          cwd: ws,
        });
        expect(result.code).toBe(0);
        const { mkdirSync, writeFileSync } = await import("node:fs");
        mkdirSync(join(ws, "src", "wt"));
        mkdirSync(join(ws, "src", "gitdirs", "wt"), { recursive: true });
        writeFileSync(join(ws, "src", "wt", ".git"), "gitdir: ../gitdirs/wt\n");
        const inner = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", "echo x > ../gitdirs/wt/HEAD; echo y > .git; echo z > ok.txt"],
          cwd: join(ws, "src", "wt"),
        });
        expect(inner.stderr).toContain("gitdirs/wt/HEAD");
        expect(inner.stderr).toContain(".git");
        expect(existsSync(join(ws, "src", "gitdirs", "wt", "HEAD"))).toBe(false);
        expect(readFileSync(join(ws, "src", "wt", ".git"), "utf8")).toBe("gitdir: ../gitdirs/wt\n");
      });

      test.skipIf(Bun.which("git") === null)(
        "a linked worktree's shared git directory (config, hooks) stays read-only",
        async () => {
          const { base } = fresh();
          // The checkouts' parent is writable: the main repository's .git is not at a root's top.
          const parent = join(base, "src");
          const git = (...args: string[]) =>
            Bun.spawnSync(["git", "-c", "user.name=u", "-c", "user.email=u@x", ...args], { stderr: "pipe" });
          mkdirSync(join(parent, "app"), { recursive: true });
          git("-C", join(parent, "app"), "init", "-q");
          git("-C", join(parent, "app"), "commit", "-q", "--allow-empty", "-m", "init");
          expect(git("-C", join(parent, "app"), "worktree", "add", "-q", "../feature").exitCode).toBe(0);
          const config = join(parent, "app", ".git", "config");
          const before = readFileSync(config, "utf8");
          const result = await run({
            tier,
            policy: workspaceWrite({ network: false, roots: [parent] }),
            argv: [
              "sh",
              "-c",
              `echo '[core] fsmonitor = evil' >> ${config} 2>/dev/null && echo config-written || echo config-denied; ` +
                `echo x > ${join(parent, "app", ".git", "hooks", "pre-commit")} 2>/dev/null && echo hook-written || echo hook-denied`,
            ],
            cwd: join(parent, "feature"),
          });
          expect(result.stdout.trim().split("\n")).toEqual(["config-denied", "hook-denied"]);
          expect(readFileSync(config, "utf8")).toBe(before);
        },
      );

      test("a gitdir target deep in the workspace cannot be moved away and replaced", async () => {
        const { ws } = fresh();
        rmSync(join(ws, ".git"), { recursive: true });
        mkdirSync(join(ws, "wt", "meta", "gitdir", "hooks"), { recursive: true });
        writeFileSync(join(ws, ".git"), `gitdir: ${ws}/wt/meta/gitdir\n`);
        // Existing files on the way stay writable (Landlock refuses new entries there: see docs).
        writeFileSync(join(ws, "wt", "notes.txt"), "");
        const script = [
          "mv wt wt2 2>/dev/null && echo moved-wt || echo wt-stays",
          "mv wt/meta wt/meta2 2>/dev/null && echo moved-meta || echo meta-stays",
          "mkdir -p wt/meta/gitdir/hooks 2>/dev/null",
          "echo x > wt/meta/gitdir/hooks/pre-commit 2>/dev/null && echo hook-planted || echo no-hook",
          "echo y > wt/notes.txt && echo wt-writable",
        ].join("; ");
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", script],
          cwd: ws,
        });
        expect(result.stdout.trim().split("\n")).toEqual([
          "wt-stays",
          "meta-stays",
          "no-hook",
          "wt-writable",
        ]);
        expect(existsSync(join(ws, "wt", "meta", "gitdir", "hooks", "pre-commit"))).toBe(false);
      });

      test("read-only policy: nothing is writable, not even the working directory", async () => {
        const { ws } = fresh();
        const result = await run({
          tier,
          policy: { mode: "read-only" },
          argv: ["sh", "-c", "echo x > src/new.txt; echo y > /tmp/codex-ro-probe-$$; cat README.md"],
          cwd: ws,
        });
        expect(result.stdout).toBe("readme");
        expect(result.stderr).toMatch(/src\/new\.txt: (Permission denied|Read-only file system)/);
        expect(result.stderr).toMatch(/codex-ro-probe/);
        expect(existsSync(join(ws, "src", "new.txt"))).toBe(false);
      });

      test.skipIf(!HAS_PYTHON)(
        "network off: IPv4, IPv6, UDP, netlink, raw and packet sockets fail; AF_UNIX works",
        async () => {
          const { ws } = fresh();
          const result = await run({
            tier,
            policy: workspaceWrite({ network: false }),
            argv: [PYTHON, join(FIXTURES, "net-probe.py")],
            cwd: ws,
          });
          const lines = probeLines(result.stdout);
          for (const name of ["inet-tcp", "inet-udp", "inet6-tcp", "inet6-udp", "netlink", "raw", "packet"]) {
            expect(`${name} ${lines[name]}`).toBe(`${name} denied`);
          }
          expect(lines.unix).toBe("ok");
          expect(lines.socketpair).toBe("ok");
          expect(lines["connect-loopback"]).toBe("denied");
        },
      );

      test.skipIf(!HAS_PYTHON)(
        "network off is announced in the environment; network on opens sockets",
        async () => {
          const { ws } = fresh();
          const off = await run({
            tier,
            policy: workspaceWrite({ network: false }),
            argv: ["sh", "-c", 'echo "$CODEX_SANDBOX_NETWORK_DISABLED"'],
            cwd: ws,
          });
          expect(off.stdout).toBe("1\n");
          const on = await run({
            tier,
            policy: workspaceWrite({ network: true }),
            argv: [PYTHON, join(FIXTURES, "net-probe.py")],
            cwd: ws,
            env: { ...process.env, CODEX_SANDBOX_NETWORK_DISABLED: undefined },
          });
          const lines = probeLines(on.stdout);
          expect(lines["inet-tcp"]).toBe("ok");
          expect(lines["inet6-udp"]).toBe("ok");
          expect(on.stdout).not.toContain("connect-loopback denied");
        },
      );

      test("children and daemons (setsid, nohup) stay confined", async () => {
        const { ws, outside } = fresh();
        const escaped = join(outside, "daemon.txt");
        const tried = join(ws, "src", "daemon-tried.txt");
        // The command waits for its daemon to have tried, so the check below follows the attempt.
        const script = [
          `(setsid nohup sh -c 'echo d > ${escaped}; echo tried > ${tried}' >/dev/null 2>&1 &)`,
          `sh -c 'echo c > ${outside}/child.txt' 2>/dev/null || echo child-denied`,
          `while [ ! -e ${tried} ]; do sleep 0.01; done`,
          "exit 0",
        ].join("\n");
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", script],
          cwd: ws,
        });
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("child-denied");
        expect(existsSync(tried)).toBe(true);
        expect(existsSync(escaped)).toBe(false);
        expect(existsSync(join(outside, "child.txt"))).toBe(false);
      });

      test("yes | head -1 exits 0 with its output (SIGPIPE is back to default)", async () => {
        const { ws } = fresh();
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", "yes | head -1"],
          cwd: ws,
        });
        expect(result).toMatchObject({ code: 0, stdout: "y\n", stderr: "" });
      });

      test("stdin, stdout, stderr and exit codes pass through", async () => {
        const { ws } = fresh();
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", "cat; echo to-stderr >&2; exit 42"],
          cwd: ws,
          stdin: "from stdin\n",
        });
        expect(result).toMatchObject({ code: 42, stdout: "from stdin\n", stderr: "to-stderr\n" });
        const missing = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["no-such-command-codex"],
          cwd: ws,
        });
        expect(missing.code).toBe(127);
      });

      test("a script without a #! line runs with /bin/sh, as execvp does; arguments pass through", async () => {
        const { ws } = fresh();
        writeFileSync(join(ws, "src", "plain.sh"), 'echo "plain $1 $#"\n', { mode: 0o755 });
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["./src/plain.sh", "first arg", "second"],
          cwd: ws,
        });
        expect(result).toMatchObject({ code: 0, stdout: "plain first arg 2\n", stderr: "" });
      });

      test("no signal is masked or ignored in the command", async () => {
        const { ws } = fresh();
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"],
          cwd: ws,
        });
        expect(result.stdout).toBe("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
      });

      test("a command killed by a signal is reported as such", async () => {
        const { ws } = fresh();
        const result = await run({
          tier,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", "kill -TERM $$"],
          cwd: ws,
        });
        // The supervisors (Landlock, and bwrap's session sandbox) die of the same signal; a bwrap
        // of its own reports it as 128+N.
        if (tier === "landlock" || variant === "native") expect(result.signal).toBe("SIGTERM");
        else expect(result.code).toBe(143);
      });

      test("killing the spawned process (a timeout) stops the sandboxed command", async () => {
        const { ws } = fresh();
        // A script no other process runs, so pgrep finds this command's shell only.
        const script = `touch src/started; sleep 30; echo late > src/late-${process.pid}-${Date.now()}.txt`;
        const prepared = await prepare({
          tier,
          helper: variant,
          policy: workspaceWrite({ network: false }),
          argv: ["sh", "-c", script],
          cwd: ws,
        });
        const child = spawnPrepared(prepared, { cwd: ws });
        await waitUntil(() => existsSync(join(ws, "src", "started")), { what: "the command to start" });
        child.kill("SIGKILL");
        await child.exited;
        await waitUntil(() => !pgrepFull(script), { what: "the sandboxed shell to end" });
        expect(readdirSync(join(ws, "src")).filter((name) => name.startsWith("late-"))).toEqual([]);
      });

      test.skipIf(!HAS_PYTHON)("ptrace is denied", async () => {
        const { ws } = fresh();
        const result = await run({
          tier,
          policy: workspaceWrite({ network: true }),
          argv: [
            PYTHON,
            "-c",
            "import ctypes,os; r=ctypes.CDLL(None,use_errno=True).ptrace(0,0,0,0); print(r, ctypes.get_errno())",
          ],
          cwd: ws,
        });
        expect(result.stdout).toBe("-1 1\n");
      });
    });
  }

for (const tier of AVAILABLE_TIERS)
  for (const variant of VARIANTS) {
    const run = (options: RunOptions) => runSandboxed({ ...options, helper: variant });
    test(`${tier} tier, helper from ${variant}: the command holds no capabilities, even when started by root`, async () => {
      const { ws } = fresh();
      const result = await run({
        tier,
        policy: workspaceWrite({ network: false }),
        argv: ["sh", "-c", "grep -E '^Cap(Eff|Prm|Amb)' /proc/self/status"],
        cwd: ws,
      });
      expect(result.stdout).toBe(
        "CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n",
      );
    });
  }

/** workspace-write with /tmp writable too (as by default). */
const withSlashTmp: SandboxPolicy = {
  mode: "workspace-write",
  writable_roots: [],
  network_access: false,
  exclude_slash_tmp: false,
  exclude_tmpdir_env_var: true,
};
const VAR_TMP = existsSync("/var/tmp") ? realpathSync("/var/tmp") : null;

for (const tier of AVAILABLE_TIERS)
  describe(`${tier} tier: /tmp`, () => {
    test.skipIf(VAR_TMP === null)("with the workspace elsewhere, /tmp is writable at its top", async () => {
      const base = mkdtempSync(join(VAR_TMP!, "codex-sandbox-test-"));
      removeAfter(base);
      mkdirSync(join(base, ".git"));
      const script =
        "t=/tmp/codex-top-$$; touch $t && rm $t && mkdir $t.d && mv $t.d $t.e && rmdir $t.e && echo ok";
      const result = await runSandboxed({
        tier,
        policy: withSlashTmp,
        argv: ["sh", "-c", script],
        cwd: base,
      });
      expect(result).toMatchObject({ code: 0, stdout: "ok\n", stderr: "" });
    });

    test("with the workspace inside /tmp, temporary files work (Landlock: a private $TMPDIR, removed after)", async () => {
      const { ws } = fresh();
      const script = 'f=$(mktemp) && echo hi > "$f" && cat "$f" && dirname "$f"';
      const result = await runSandboxed({ tier, policy: withSlashTmp, argv: ["sh", "-c", script], cwd: ws });
      expect(result.code).toBe(0);
      const [content, tmpdir] = result.stdout.trim().split("\n");
      expect(content).toBe("hi");
      if (tier === "landlock") {
        expect(tmpdir).toMatch(/^\/tmp\/codex-tmp-/);
        expect(existsSync(tmpdir!)).toBe(false);
      }
    });
  });
