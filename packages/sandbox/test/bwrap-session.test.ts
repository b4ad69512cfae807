/**
 * The bwrap tier's session sandbox (src/bwrap-session.ts): commands of one layout share one running
 * bwrap, so what a bwrap per command gave for free is checked here: a command cannot harm the
 * session or the commands after it, leaves nothing behind in it, and a layout that changed (a
 * `.git` made, or removed and made again outside the sandbox) gets a session of its own.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@codex/test-support";
import { sessionStubCommand } from "../src/bwrap-session-stub.ts";
import { bwrapSessionsSettled, prepareSandboxedCommand, readablePipe, resolveLayout } from "../src/index.ts";
import { stubParameters } from "../src/landlock-stub.ts";
import { rawSyscall } from "../src/libc.ts";
import {
  AVAILABLE_TIERS,
  HAS_PYTHON,
  hasNativeSupervisor,
  PYTHON,
  pgrepFull,
  prepare,
  readUntilLine,
  runSandboxed,
  scratchWorkspaces,
  spawnPrepared,
  workspaceWrite,
} from "./sandbox-runner.ts";

setDefaultTimeout(30_000);
const { fresh } = scratchWorkspaces();
const policy = workspaceWrite({ network: false });
const run = (script: string, cwd: string) =>
  runSandboxed({ tier: "bwrap", helper: "native", policy, argv: ["sh", "-c", script], cwd });

/** The PID namespace a command runs in: the same for every command of one session. */
const NAMESPACE = "readlink /proc/self/ns/pid";
/** The command lines of every process the command can see, one a line. */
const PROCESSES = String.raw`for p in /proc/[0-9]*; do tr '\0' ' ' < $p/cmdline 2>/dev/null; echo; done`;

/** The host pid of the session shell running in PID namespace `namespace`, or null. */
function sessionShell(namespace: string): number | null {
  for (const pid of readdirSync("/proc")) {
    try {
      if (readlinkSync(`/proc/${pid}/ns/pid`) !== namespace) continue;
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("read -r _")) return Number(pid);
    } catch {}
  }
  return null;
}

describe.skipIf(!AVAILABLE_TIERS.includes("bwrap") || !hasNativeSupervisor())("bwrap session sandbox", () => {
  test("commands of one layout run in one sandbox, which shows none of codex's processes", async () => {
    const { ws } = fresh();
    const first = await run(NAMESPACE, ws);
    const second = await run(`${NAMESPACE}; ${PROCESSES}`, ws);
    const [namespace, ...processes] = second.stdout.trim().split("\n");
    expect(namespace).toBe(first.stdout.trim());
    expect(namespace).not.toBe(readlinkSync("/proc/self/ns/pid"));
    // bwrap's init, the session's shell, this command's supervisor, its shell and the loop's `tr`.
    expect(processes.some((line) => line.includes("read -r _"))).toBe(true);
    expect(processes.length).toBeLessThanOrEqual(6);
  });

  test("a command cannot end or trace the session: kill -1, kill 1, ptrace and /proc of its processes", async () => {
    const { ws } = fresh();
    const before = await run(NAMESPACE, ws);
    const probe = (name: string, command: string) =>
      `${command} >/dev/null 2>&1 && echo ${name}-ok || echo ${name}-denied`;
    const shell = "$(grep -l 'read -r _' /proc/[0-9]*/cmdline | head -1 | cut -d/ -f3)";
    const attack = await run(
      [
        probe("init-signal", "kill -0 1"),
        probe("shell-signal", `kill -0 ${shell}`),
        probe("init-environ", "cat /proc/1/environ"),
        probe("shell-memory", `head -c1 /proc/${shell}/mem`),
        "kill -KILL -1 2>/dev/null; kill -KILL 1 2>/dev/null; echo after",
      ].join("; "),
      ws,
    );
    expect(attack.stdout.trim().split("\n")).toEqual([
      "init-signal-denied",
      "shell-signal-denied",
      "init-environ-denied",
      "shell-memory-denied",
      "after",
    ]);
    const after = await run(NAMESPACE, ws);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
  });

  test("nothing a command starts is left in the session: background jobs, setsid daemons, double forks", async () => {
    const { ws } = fresh();
    const started = await run(`sleep 300 & setsid sleep 301 & (sh -c 'sleep 302 &' &); echo started`, ws);
    expect(started.stdout).toBe("started\n");
    const after = await run(PROCESSES, ws);
    expect(after.stdout).toContain("read -r _");
    expect(after.stdout).not.toContain("sleep 30");
  });

  test.skipIf(!HAS_PYTHON)(
    "/dev is read-only; /dev/shm, pseudo-terminals and System V IPC are each command's own; no keyring",
    async () => {
      const { ws } = fresh();
      const python = (code: string) => `${PYTHON} -c '${code}'`;
      const first = await run(
        [
          "rm /dev/fd 2>/dev/null && echo dev-writable || echo dev-read-only",
          "echo left > /dev/shm/left && echo shm-ok",
          python('import pty,os; m,s=pty.openpty(); print("pty", os.ttyname(s))'),
          python('import ctypes; c=ctypes.CDLL(None); print("sysv", c.shmget(0, 4096, 0o1600) >= 0)'),
          python(
            'import ctypes,os; c=ctypes.CDLL(None,use_errno=True); r=c.syscall(248,b"user",b"k",b"v",1,-4); print("key", r, os.strerror(ctypes.get_errno()))',
          ),
        ].join("; "),
        ws,
      );
      expect(first.stdout.trim().split("\n")).toEqual([
        "dev-read-only",
        "shm-ok",
        "pty /dev/pts/0",
        "sysv True",
        "key -1 Operation not permitted",
      ]);
      const second = await run("ls /dev/shm; ls /dev/pts; tail -n +2 /proc/sysvipc/shm; echo end", ws);
      expect(second.stdout).toBe("ptmx\nend\n");
    },
  );

  test("another scope (core: another conversation) gets a session of its own", async () => {
    const { ws } = fresh();
    const inScope = (scope: string) =>
      runSandboxed({
        tier: "bwrap",
        helper: "native",
        policy,
        argv: ["sh", "-c", NAMESPACE],
        cwd: ws,
        scope,
      });
    const first = await inScope("conversation-1");
    const again = await inScope("conversation-1");
    const other = await inScope("conversation-2");
    expect(again.stdout).toBe(first.stdout);
    const shells = [sessionShell(first.stdout.trim()), sessionShell(other.stdout.trim())];
    expect(shells).not.toContain(null);
    expect(shells[1]).not.toBe(shells[0]);
  });

  test("when its inner supervisor is killed, the outer one still ends what the command started", async () => {
    const { ws } = fresh();
    // Orphans go to the session's init once the inner supervisor is gone, not to the outer one.
    const sleeper = `sleep 300.${process.pid}${Date.now() % 1000}`;
    const prepared = await prepare({
      tier: "bwrap",
      helper: "native",
      policy,
      argv: ["sh", "-c", `${sleeper} & echo started; wait`],
      cwd: ws,
    });
    const outer = spawnPrepared(prepared, { cwd: ws });
    await readUntilLine((outer.stdout as ReadableStream<Uint8Array>).getReader(), "started");
    const children = readFileSync(`/proc/${outer.pid}/task/${outer.pid}/children`, "utf8").trim();
    process.kill(Number(children.split(" ")[0]), "SIGKILL");
    await outer.exited;
    await waitUntil(() => !pgrepFull(sleeper), { what: "the command's background sleep to end" });
  });

  test("a .git removed and made again outside the sandbox is read-only again for the next command", async () => {
    const { ws } = fresh();
    const write = "echo x > .git/hooks/pre-commit 2>/dev/null && echo written || echo denied";
    expect((await run(write, ws)).stdout).toBe("denied\n");
    rmSync(join(ws, ".git"), { recursive: true });
    mkdirSync(join(ws, ".git", "hooks"), { recursive: true });
    writeFileSync(join(ws, ".git", "config"), "[core]\n");
    expect((await run(write, ws)).stdout).toBe("denied\n");
  });

  test("a .git a command makes is read-only for the commands after it", async () => {
    const { ws } = fresh();
    rmSync(join(ws, ".git"), { recursive: true });
    const made = await run("mkdir -p .git/hooks && echo made", ws);
    expect(made.stdout).toBe("made\n");
    const write = await run("echo x > .git/hooks/pre-commit 2>/dev/null && echo written || echo denied", ws);
    expect(write.stdout).toBe("denied\n");
  });

  test.skipIf(process.getuid?.() !== 0)(
    "a mount made on the host after the session started is read-only for the next command",
    async () => {
      const { base, ws } = fresh();
      // A shared mount, as / is on systemd machines: what is mounted under it later propagates.
      const shared = join(base, "shared");
      mkdirSync(shared);
      const mount = (...args: string[]) => expect(Bun.spawnSync(["mount", ...args]).exitCode).toBe(0);
      mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", shared);
      try {
        mount("--make-shared", shared);
        const write = (path: string) => `touch ${path} 2>/dev/null && echo written || echo denied`;
        expect((await run(write(join(shared, "before")), ws)).stdout).toBe("denied\n");
        mkdirSync(join(shared, "later"));
        mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", join(shared, "later"));
        expect((await run(write(join(shared, "later", "pwned")), ws)).stdout).toBe("denied\n");
      } finally {
        Bun.spawnSync(["umount", "-R", shared]);
      }
    },
  );

  test("a session that died is replaced: the next command still runs, sandboxed", async () => {
    const { ws } = fresh();
    const before = await run(NAMESPACE, ws);
    // The session's shell ends: bwrap and its init go with it.
    const shell = sessionShell(before.stdout.trim());
    expect(shell).not.toBeNull();
    process.kill(shell!, "SIGKILL");
    await Bun.sleep(100);
    const after = await run(`${NAMESPACE}; echo x > .git/config 2>/dev/null || echo denied`, ws);
    expect(after.code).toBe(0);
    const [namespace, denied] = after.stdout.trim().split("\n");
    expect(denied).toBe("denied");
    // A namespace's number may be reused: the new session is told apart by its shell.
    const replacement = sessionShell(namespace!);
    expect(replacement).not.toBeNull();
    expect(replacement).not.toBe(shell);
  });

  test("a layout whose session cannot be set up leaves other layouts their sessions", async () => {
    const { ws } = fresh();
    // A protected path that is a symbolic link: bwrap binds its target, not the path.
    rmSync(join(ws, ".codex"), { recursive: true });
    mkdirSync(join(ws, "real-codex"));
    symlinkSync("real-codex", join(ws, ".codex"));
    await expect(run("true", ws)).rejects.toThrow("no session sandbox");
    expect((await run("echo ok", fresh().ws)).stdout).toBe("ok\n");
  });

  test.skipIf(!existsSync("/dev/shm"))(
    "a writable root under /dev gets a bwrap per command, which the command's own /dev/shm would hide",
    async () => {
      const dir = mkdtempSync("/dev/shm/codex-session-test-");
      try {
        const options = {
          policy: workspaceWrite({ network: false, roots: [dir] }),
          argv: ["sh", "-c", `echo ok > ${dir}/file`],
          cwd: fresh().ws,
          env: process.env,
          backend: "bwrap" as const,
        };
        prepareSandboxedCommand({ ...options, sandboxCwd: options.cwd }).release?.();
        await bwrapSessionsSettled();
        const prepared = prepareSandboxedCommand({ ...options, sandboxCwd: options.cwd });
        expect(prepared.program.endsWith("bwrap")).toBe(true);
        expect(await spawnPrepared(prepared, { cwd: options.cwd }).exited).toBe(0);
        expect(readFileSync(join(dir, "file"), "utf8")).toBe("ok\n");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test.each([
    ["off", false],
    ["on", true],
  ])("a warm-up (network %s) has the session up and bwrap checked for the probe", async (_, network) => {
    // A fresh process: the host probe's bwrap check runs in the warm-up, in the background (with
    // the network off it is the session's start); whoever waits for the warm-up finds it answered
    // and runs no bwrap of its own beside it.
    const { ws } = fresh();
    const policy = workspaceWrite({ network });
    const source = `${import.meta.dir}/../src`;
    const script = `
      import { prepareSandboxedCommand, sandboxWarmed, warmSandbox } from ${JSON.stringify(`${source}/index.ts`)};
      import { linuxHostFacts } from ${JSON.stringify(`${source}/host-facts.ts`)};
      const options = { policy: ${JSON.stringify(policy)}, sandboxCwd: ${JSON.stringify(ws)}, env: process.env, backend: "auto", sandboxScope: "c1" };
      void warmSandbox(options);
      await sandboxWarmed(10_000);
      console.log(JSON.stringify(linuxHostFacts(process.env, { checkBwrap: false }).bwrap));
      const prepared = prepareSandboxedCommand({ ...options, argv: ["true"], cwd: ${JSON.stringify(ws)} });
      console.log(prepared.tier, prepared.program.startsWith("/proc/") ? "stub" : prepared.program);`;
    const result = Bun.spawnSync([process.execPath, "-e", script], { stderr: "pipe" });
    expect(result.stderr.toString()).toBe("");
    expect(result.stdout.toString()).toBe('{"ok":true,"disableUserns":true}\nbwrap stub\n');
  });

  test("a starting session is waited for once, from its start: not again once late, but a newer start is", () => {
    // A bwrap that never comes up. The approval check and the spawn both wait for the turn's
    // warm-up: together no longer than one wait, counted from when the start began.
    const { ws } = fresh();
    const dir = mkdtempSync(join(tmpdir(), "codex-stuck-bwrap-"));
    const stuck = join(dir, "bwrap");
    writeFileSync(stuck, `#!/bin/sh\necho $$ >> ${dir}/pids\nexec sleep 30\n`);
    chmodSync(stuck, 0o755);
    const source = `${import.meta.dir}/../src`;
    const facts = { bwrapPath: stuck, bwrap: { ok: true, disableUserns: true } };
    const script = `
      import { sandboxWarmed, warmSandbox } from ${JSON.stringify(`${source}/index.ts`)};
      const warm = (scope) => void warmSandbox({ policy: ${JSON.stringify(policy)}, sandboxCwd: ${JSON.stringify(ws)}, env: process.env, backend: "auto", sandboxScope: scope, facts: ${JSON.stringify(facts)} });
      // Whether a wait of 100 ms is still going when a timer of 0 ms fires.
      const waits = () => Promise.race([sandboxWarmed(100).then(() => false), Bun.sleep(0).then(() => true)]);
      warm("c1");
      console.log(await waits());
      await Bun.sleep(150);
      console.log(await waits());
      // Another conversation's session starts: its first command gets the wait again.
      warm("c2");
      console.log(await waits());
      process.exit(0);`;
    const result = Bun.spawnSync([process.execPath, "-e", script], { stderr: "pipe" });
    for (const pid of readFileSync(join(dir, "pids"), "utf8").split("\n").filter(Boolean))
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {}
    rmSync(dir, { recursive: true, force: true });
    expect(result.stderr.toString()).toBe("");
    expect(result.stdout.toString()).toBe("true\nfalse\ntrue\n");
  });

  test("a session's trial does what a command's run does but run it; entering or locking down fails it", async () => {
    const { ws } = fresh();
    const namespace = (await run(NAMESPACE, ws)).stdout.trim();
    const shell = sessionShell(namespace);
    expect(shell).not.toBeNull();
    const layout = resolveLayout({ policy, cwd: ws, env: process.env });
    // As core's commands enter: user, mount, PID, IPC, UTS and (network off) network.
    const namespaces = 0x10000000 | 0x20000 | 0x20000000 | 0x08000000 | 0x04000000 | 0x40000000;
    const trial = async (pid: number, options: { badFilter?: boolean } = {}) => {
      const pidfd = rawSyscall(434, pid, 0);
      expect(pidfd).toBeGreaterThanOrEqual(0);
      const entry = { pidfd, namespaces, release: () => {} };
      const argv = ["sh", "-c", `touch ${ws}/trial-ran`];
      const command = sessionStubCommand("/bin/sh", argv, entry, layout, { trial: true });
      // A filter the kernel refuses (one instruction, no return): only the command's process,
      // after entering and the supervisors, installs it.
      const filter = new Uint8Array(8);
      const fd3 = options.badFilter
        ? stubParameters({ parentPid: process.pid, mode: "bwrap-session-trial", filter, namespaces })
        : command.fd3Input;
      const parameters = readablePipe(fd3);
      const child = Bun.spawn([command.program, ...command.args], {
        cwd: ws,
        stdio: ["ignore", "ignore", "pipe", parameters, ...command.extraFds],
      });
      for (const fd of [parameters, ...command.extraFds]) closeSync(fd);
      return { code: await child.exited, stderr: await new Response(child.stderr).text() };
    };
    expect(await trial(shell!)).toEqual({ code: 0, stderr: "" });
    expect(existsSync(join(ws, "trial-ran"))).toBe(false);
    // codex's own process: its namespaces are codex's, which a trial must not get into.
    const refused = await trial(process.pid);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("entering the session's sandbox failed; the command was not run");
    const locked = await trial(shell!, { badFilter: true });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain("installing the seccomp filter failed; the command was not run");
    expect(existsSync(join(ws, "trial-ran"))).toBe(false);
  });

  test("a command that is not there is reported without starting a sandbox", () => {
    const { ws } = fresh();
    const prepared = prepareSandboxedCommand({
      policy,
      argv: ["no-such-command-here"],
      cwd: ws,
      sandboxCwd: ws,
      env: process.env,
      backend: "bwrap",
    });
    expect(prepared.program).toBe("/bin/sh");
  });
});
