/**
 * The native supervisor (src/stub/landlock-stub-x86_64.S) under attack from the command it runs, on
 * the Landlock tier and in the bwrap tier's session sandbox: it must stay out of reach (signals,
 * memory, descriptors), keep sibling commands apart, refuse to run anything when its parameters or
 * its parent are wrong, and be the program its source says.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { closeSync, openSync, readdirSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { assembleStub } from "../../../scripts/landlock-stub.ts";
import { readablePipe } from "../src/index.ts";
import { landlockStub, landlockStubImage, stubParameters } from "../src/landlock-stub.ts";
import {
  AVAILABLE_TIERS,
  HAS_PYTHON,
  hasNativeSupervisor,
  makeWorkspace,
  PYTHON,
  prepare,
  readUntilLine,
  runSandboxed,
  spawnPrepared,
  workspaceWrite,
} from "./sandbox-runner.ts";

setDefaultTimeout(30_000);

const workspaces: string[] = [];
afterAll(() => {
  for (const base of workspaces) rmSync(base, { recursive: true, force: true });
});
function fresh() {
  const workspace = makeWorkspace();
  workspaces.push(workspace.base);
  return workspace;
}

const policy = workspaceWrite({ network: false });

test.skipIf(process.arch !== "x64" || assembleStub() === null)(
  "the embedded stub is exactly what its assembly source builds",
  () => {
    expect(Buffer.from(landlockStubImage()!).equals(Buffer.from(assembleStub()!))).toBe(true);
  },
);

// The bwrap tier's "native" form is the session sandbox (bwrap-session.ts).
for (const tier of AVAILABLE_TIERS) {
  const run = (argv: string[], cwd: string) => runSandboxed({ tier, helper: "native", policy, argv, cwd });
  describe.skipIf(!hasNativeSupervisor())(`native supervisor under attack, ${tier} tier`, () => {
    test("the command reaches neither its supervisor nor codex: signals, /proc memory, environment, the stub", async () => {
      const { ws } = fresh();
      const stub = landlockStub().path!;
      const probe = (name: string, command: string) =>
        `${command} >/dev/null 2>&1 && echo ${name}-ok || echo ${name}-denied`;
      const script = [
        probe("codex-signal", `kill -0 ${process.pid}`),
        probe("supervisor-signal", "kill -0 $PPID"),
        probe("supervisor-environ", "cat /proc/$PPID/environ"),
        probe("codex-environ", `cat /proc/${process.pid}/environ`),
        probe("codex-memory", `head -c1 /proc/${process.pid}/mem`),
        probe("stub-read", `cat ${stub}`),
        probe("stub-write", `sh -c 'printf x >> ${stub}'`),
      ].join("; ");
      const result = await run(["sh", "-c", script], ws);
      expect(result.stdout.trim().split("\n")).toEqual([
        "codex-signal-denied",
        "supervisor-signal-denied",
        "supervisor-environ-denied",
        "codex-environ-denied",
        "codex-memory-denied",
        "stub-read-denied",
        "stub-write-denied",
      ]);
    });

    test.skipIf(!HAS_PYTHON)("ptrace of the supervisor is refused", async () => {
      const { ws } = fresh();
      const script =
        "import ctypes,os; libc=ctypes.CDLL(None, use_errno=True); r=libc.ptrace(16, os.getppid(), 0, 0); print('attached' if r==0 else 'denied')";
      const result = await run([PYTHON, "-c", script], ws);
      expect(result.stdout.trim()).toBe("denied");
    });

    test("the command inherits only stdin, stdout and stderr (no parameters, no ruleset, no stub)", async () => {
      const { ws } = fresh();
      // `ls` opens the directory it lists: everything above 2 but that one is a leak.
      const result = await run(["sh", "-c", "exec ls /proc/self/fd"], ws);
      const fds = result.stdout.trim().split("\n").map(Number);
      expect(fds.filter((fd) => fd > 2)).toHaveLength(1);
    });

    test("a sibling command is out of reach: kill(-1) from one does not end another", async () => {
      const { ws } = fresh();
      const first = spawnPrepared(
        await prepare({
          tier,
          helper: "native",
          policy,
          argv: ["sh", "-c", "echo up; sleep 3; echo alive"],
          cwd: ws,
        }),
        { cwd: ws },
      );
      const reader = (first.stdout as ReadableStream<Uint8Array>).getReader();
      await readUntilLine(reader, "up");
      // kill(-1) spares the caller: everything else it may signal dies.
      const attacker = await run(["sh", "-c", "kill -KILL -1; echo after"], ws);
      expect(attacker.stdout).toBe("after\n");
      const rest = await readUntilLine(reader, "alive");
      expect(rest).toContain("alive");
      expect(await first.exited).toBe(0);
    });
  });
}

describe.skipIf(!hasNativeSupervisor())("native supervisor", () => {
  test("the stub image cannot be changed through its memfd", () => {
    const path = landlockStub().path!;
    let fd: number | null = null;
    try {
      fd = openSync(path, "r+");
      expect(() => writeSync(fd!, "x", 0)).toThrow();
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toMatch(/EPERM|EACCES|ETXTBSY/);
    } finally {
      if (fd !== null) closeSync(fd);
    }
  });

  test("it runs nothing when its parameters are missing or name another parent", async () => {
    const { ws } = fresh();
    const stub = landlockStub().path!;
    const marker = join(ws, "src", "ran");
    const command = [stub, "/usr/bin/touch", "touch", marker];
    const missing = Bun.spawnSync(command, { cwd: ws, stdio: ["ignore", "ignore", "pipe"] });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.toString()).toContain("bad parameters on fd 3");

    const prepared = await prepare({ tier: "landlock", helper: "native", policy, argv: ["true"], cwd: ws });
    const filter = prepared.fd3Input!.subarray(12);
    const wrongParent = stubParameters({ parentPid: 1, mode: "landlock", filter });
    const fd3 = readablePipe(wrongParent);
    const orphan = Bun.spawnSync(command, {
      cwd: ws,
      stdio: ["ignore", "ignore", "pipe", fd3, ...(prepared.extraFds ?? [])],
    });
    closeSync(fd3);
    prepared.release?.();
    expect(orphan.exitCode).toBe(1);
    expect(orphan.stderr.toString()).toContain("codex is gone");
    expect(readdirSync(join(ws, "src"))).not.toContain("ran");
  });
});
