/**
 * The supervisor of the Landlock tier, which has no PID namespace to end a command's leftovers
 * (`setsid nohup daemon &`) the way bwrap's does. It starts the inner stage (which becomes the
 * command) and stays until the command is over, then kills every process the command left.
 *
 * - It becomes a child subreaper, so every orphan of the command is reparented to it.
 * - With Landlock ABI >= 6 it first enters a Landlock domain that only scopes signals. The command
 *   runs in a domain nested in that one: the supervisor can signal it, it cannot signal the
 *   supervisor (nor anything outside its own domain), and `kill(-1, SIGKILL)` from the supervisor
 *   reaches exactly the command's processes, atomically with respect to fork.
 * - Without that (ABI < 6) it kills its children level by level until none are left (a process
 *   that keeps forking and exiting could outrun it; documented in docs/sandbox.md).
 * - It ends the sandbox when the command exits, when it gets SIGTERM/SIGINT/SIGHUP, and when its
 *   parent dies (parent-death signal SIGTERM), then waits until every process is gone, and exits
 *   the way the command did.
 *
 * This is the Bun supervisor, used where the native one (landlock-stub.ts) is not: other
 * architectures, Landlock ABI < 6, or when asked for.
 */
import { readdirSync, readFileSync } from "node:fs";
import { landlockAbiVersion, SIGNAL_SCOPE_ABI, scopeSignalsToDescendants } from "./landlock.ts";
import { errno, libc, ptr } from "./libc.ts";
import { dumpNoCore, fail, prctl, resetSignals, setNoNewPrivs } from "./lockdown.ts";
import { sandboxHelperCommand } from "./self-exec.ts";

const PR_SET_PDEATHSIG = 1;
const PR_SET_CHILD_SUBREAPER = 36;
const SIGKILL = 9;
const SIGTERM = 15;
const WALL = 0x40000000;
const EINTR = 4;
const STOP_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/** Children of this process (orphans reparented to it included), from every thread's list. */
function children(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync("/proc/self/task")) {
    try {
      const text = readFileSync(`/proc/self/task/${task}/children`, "utf8").trim();
      if (text) pids.push(...text.split(/\s+/).map(Number));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return pids;
}

/** Kills every process of the sandbox and waits until none is left. */
function endSandbox(options: { scoped: boolean }): void {
  if (options.scoped) libc().kill(-1, SIGKILL);
  const status = new Int32Array(1);
  for (;;) {
    if (!options.scoped) for (const pid of children()) libc().kill(pid, SIGKILL);
    const reaped = libc().waitpid(-1, ptr(status), WALL);
    if (reaped < 0 && errno() !== EINTR) return; // ECHILD: nothing is left
  }
}

/** Exits with `signal` as the cause (the command's own death, or the stop request). */
function dieBy(signal: number): never {
  resetSignals();
  dumpNoCore();
  libc().kill(libc().getpid(), signal);
  process.exit(128 + signal);
}

function signalNumber(name: string): number {
  return (
    (process.getBuiltinModule("node:os").constants.signals as Record<string, number | undefined>)[name] ??
    SIGKILL
  );
}

export type SupervisorOptions = {
  /** The inner stage's arguments (after the program that runs this one). */
  innerArgs: string[];
  env: Record<string, string | undefined>;
};

export async function superviseSandbox(options: SupervisorOptions): Promise<never> {
  const parent = libc().getppid();
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (libc().getppid() !== parent) fail("codex is gone; the command was not run", 1);
  libc().setsid(); // no controlling terminal (fails harmlessly when already a session leader)
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  setNoNewPrivs();
  const abi = landlockAbiVersion();
  const scoped = abi >= SIGNAL_SCOPE_ABI;
  if (scoped) scopeSignalsToDescendants(abi);

  const finish = () => endSandbox({ scoped });
  for (const name of STOP_SIGNALS) {
    process.on(name, () => {
      finish();
      dieBy(signalNumber(name));
    });
  }
  const inner = Bun.spawn([...sandboxHelperCommand(), ...options.innerArgs], {
    env: options.env,
    stdio: ["inherit", "inherit", "inherit"],
  });
  const code = await inner.exited;
  finish();
  if (inner.signalCode) dieBy(signalNumber(String(inner.signalCode)));
  process.exit(code);
}
