/**
 * The native supervisor's mode for unsandboxed commands (src/unsandboxed.ts): the command sees
 * what it would see spawned directly (identity, capabilities, no seccomp, no no_new_privs, its
 * session, the right to signal any of the user's processes), exits as it would, keeps the
 * terminal's Ctrl-C and codex's stop signal for itself, and leaves what it started running when it
 * exits (as without the supervisor); malformed parameters run nothing. What happens when codex dies
 * is tested through dist/codex (core's e2e-orphans.test.ts).
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { closeSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@codex/test-support";
import { readablePipe, superviseUnsandboxed } from "../src/index.ts";
import { landlockStub, stubParameters } from "../src/landlock-stub.ts";
import { allowingCores, coreOwners, PLAIN_CORE_FILES } from "./core-dumps.ts";
import { readToEnd, readUntilLine } from "./sandbox-runner.ts";

setDefaultTimeout(30_000);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "codex-unsandboxed-"));
  dirs.push(dir);
  return dir;
}

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

/** Spawns `argv` as core does for an unsandboxed command (own session, pipes). */
function spawnSupervised(argv: string[], cwd: string) {
  const supervised = superviseUnsandboxed({ argv, env, cwd });
  if (supervised === null) throw new Error("no native supervisor here");
  const fd3 = readablePipe(supervised.fd3Input);
  try {
    return Bun.spawn([supervised.program, ...supervised.args], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe", fd3],
      detached: true,
    });
  } finally {
    closeSync(fd3);
  }
}

/** What a process may do and who it is, from /proc, as "name value" lines. */
const IDENTITY = [
  "grep -E '^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status",
  `echo "session $(cut -d' ' -f6 /proc/self/stat)"`,
  `kill -0 ${process.pid} && echo "signal-outside ok"`,
  `echo "fds $(ls /proc/self/fd | tr '\\n' ' ')"`,
].join("; ");

const supervised = process.platform === "linux" && superviseUnsandboxed({ argv: ["true"], env, cwd: "/" });

/** Whether signal `signal` is pending for process `pid` (a blocked signal waits there until taken). */
function pendingSignal(pid: number, signal: number): boolean {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return (BigInt(`0x${/^ShdPnd:\s*(\w+)/m.exec(status)?.[1] ?? "0"}`) & (1n << BigInt(signal - 1))) !== 0n;
}

describe.skipIf(!supervised)("unsandboxed commands under the native supervisor", () => {
  test("the command sees what it sees when spawned directly; only its parent differs", async () => {
    const cwd = scratch();
    const direct = Bun.spawn(["sh", "-c", IDENTITY], { cwd, env, stdout: "pipe", detached: true });
    const directOut = await new Response(direct.stdout).text();
    // The session differs by construction (each spawn makes its own): compare its leader instead.
    const child = spawnSupervised(["sh", "-c", IDENTITY], cwd);
    const out = await new Response(child.stdout).text();
    expect(await child.exited).toBe(0);
    const withoutSession = (text: string) => text.replace(/^session .*$/m, "");
    expect(withoutSession(out)).toBe(withoutSession(directOut));
    expect(out).toContain(`session ${child.pid}\n`);
    expect(out).toContain("NoNewPrivs:\t0\nSeccomp:\t0\n");
    expect(out).toContain("signal-outside ok\n");
  });

  test("exit codes and deaths by signal are the command's", async () => {
    const cwd = scratch();
    const exited = spawnSupervised(["sh", "-c", "exit 7"], cwd);
    expect(await exited.exited).toBe(7);
    const killed = spawnSupervised(["sh", "-c", "kill -TERM $$"], cwd);
    await killed.exited;
    expect(killed.signalCode).toBe("SIGTERM");
  });

  test("SIGINT to the command's process group (a terminal's Ctrl-C) is the command's alone", async () => {
    const cwd = scratch();
    const script =
      "sleep 30 & pid=$!; trap 'echo interrupted; kill $pid' INT; echo up; wait $pid; echo carried-on";
    const child = spawnSupervised(["sh", "-c", script], cwd);
    const reader = child.stdout.getReader();
    await readUntilLine(reader, "up");
    process.kill(-child.pid, "SIGINT");
    expect(await readToEnd(reader)).toBe("interrupted\ncarried-on\n");
    expect(await child.exited).toBe(0);
  });

  test("what the command leaves running when it exits keeps running, as when spawned directly", async () => {
    const cwd = scratch();
    const script = [
      "setsid nohup sh -c 'echo $$ > daemon.pid; exec sleep 30' >/dev/null 2>&1 &",
      "sleep 30 >/dev/null 2>&1 & echo $! > child.pid",
      "until [ -s daemon.pid ]; do sleep 0.05; done",
    ].join("\n");
    const child = spawnSupervised(["sh", "-c", script], cwd);
    expect(await child.exited).toBe(0);
    const pids = ["daemon.pid", "child.pid"].map((name) => Number(readFileSync(join(cwd, name), "utf8")));
    try {
      for (const pid of pids) expect(() => process.kill(pid, 0)).not.toThrow();
    } finally {
      for (const pid of pids) process.kill(pid, "SIGKILL");
    }
  });

  test("a stop through the process group is the command's to handle: SIGTERM first, its trap runs", async () => {
    const cwd = scratch();
    const script = "trap 'echo stopped > trapped; exit 3' TERM; echo up; while :; do sleep 0.05; done";
    const child = spawnSupervised(["sh", "-c", script], cwd);
    await readUntilLine(child.stdout.getReader(), "up");
    process.kill(-child.pid, "SIGTERM");
    expect(await child.exited).toBe(3);
    expect(readFileSync(join(cwd, "trapped"), "utf8")).toBe("stopped\n");
  });

  test("SIGTERM to the supervisor alone, while its parent lives, is not a stop", async () => {
    const cwd = scratch();
    const script = "echo up; until [ -e go ]; do sleep 0.02; done; echo carried-on";
    const child = spawnSupervised(["sh", "-c", script], cwd);
    const reader = child.stdout.getReader();
    await readUntilLine(reader, "up");
    process.kill(child.pid, "SIGTERM");
    // Once the supervisor has taken the signal (no longer pending), let the command go on.
    await waitUntil(() => !pendingSignal(child.pid, 15), { what: "the supervisor to take the SIGTERM" });
    writeFileSync(join(cwd, "go"), "");
    expect(await readToEnd(reader)).toBe("carried-on\n");
    expect(await child.exited).toBe(0);
  });

  test("a SIGALRM to the command's process group while codex lives is the command's, not a stop", async () => {
    const cwd = scratch();
    // The supervisor leads the group, so `kill -ALRM 0` reaches it too; it must not take that for
    // the end of its own grace period (that timer runs only once codex is gone) and sweep.
    const script = "trap '' ALRM; kill -ALRM 0; echo sent; read line; echo carried-on; exit 3";
    const supervised = superviseUnsandboxed({ argv: ["sh", "-c", script], env, cwd })!;
    const fd3 = readablePipe(supervised.fd3Input);
    const child = Bun.spawn([supervised.program, ...supervised.args], {
      cwd,
      env,
      stdio: ["pipe", "pipe", "pipe", fd3],
      detached: true,
    });
    closeSync(fd3);
    const reader = child.stdout.getReader();
    await readUntilLine(reader, "sent");
    // Once the supervisor has taken the signal (no longer pending), let the command go on.
    await waitUntil(() => !pendingSignal(child.pid, 14), { what: "the supervisor to take the SIGALRM" });
    child.stdin.write("go\n");
    await child.stdin.end();
    expect(await readToEnd(reader)).toBe("carried-on\n");
    expect(await child.exited).toBe(3);
  });

  test.skipIf(!PLAIN_CORE_FILES)("a command's core dump is its own: the supervisor dumps none", async () => {
    const cwd = scratch();
    const supervised = superviseUnsandboxed({ argv: ["sh", "-c", "kill -SEGV $$"], env, cwd })!;
    const fd3 = readablePipe(supervised.fd3Input);
    const child = Bun.spawn(allowingCores([supervised.program, ...supervised.args]), {
      cwd,
      env,
      stdio: ["ignore", "ignore", "ignore", fd3],
      detached: true,
    });
    closeSync(fd3);
    await child.exited;
    expect(child.signalCode).toBe("SIGSEGV");
    // One file name for all: a core the supervisor dumped as it died the same way would replace it.
    expect(coreOwners(cwd)).toEqual(["sh -c kill -SEGV $$"]);
  });

  test("malformed parameters run nothing", () => {
    const cwd = scratch();
    const stub = landlockStub().path!;
    const marker = join(cwd, "ran");
    const unsandboxed = stubParameters({ parentPid: process.pid, mode: "unsandboxed" });
    const withFilter = new Uint8Array([...unsandboxed.subarray(0, 8), 8, 0, 0, 0, ...new Uint8Array(8)]);
    const unknownMode = unsandboxed.slice();
    unknownMode[4] = 2;
    const landlockWithoutFilter = unsandboxed.slice();
    landlockWithoutFilter[4] = 0;
    for (const parameters of [withFilter, unknownMode, landlockWithoutFilter, unsandboxed.subarray(0, 8)]) {
      const fd3 = readablePipe(parameters);
      const result = Bun.spawnSync([stub, "/usr/bin/touch", "touch", marker], {
        cwd,
        stdio: ["ignore", "ignore", "pipe", fd3],
      });
      closeSync(fd3);
      expect(result.exitCode).toBe(1);
      expect(result.stderr.toString()).toContain("bad parameters on fd 3");
    }
    expect(existsSync(marker)).toBe(false);
  });
});
