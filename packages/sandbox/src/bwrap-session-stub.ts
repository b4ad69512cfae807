/**
 * How a command runs in the bwrap tier's session sandbox (bwrap-session.ts): the native stub's
 * arguments and parameters (mode 2), the trial run a new session must pass, and whether this
 * machine can use sessions at all.
 */
import { closeSync } from "node:fs";
import type { Subprocess } from "bun";
import type { SessionEntry, SessionRequest } from "./bwrap-session.ts";
import { readablePipe } from "./input-pipe.ts";
import { buildScopeRuleset, SIGNAL_SCOPE_ABI } from "./landlock.ts";
import { landlockStub, landlockStubPossible, stubParameters } from "./landlock-stub.ts";
import { isWithin, type SandboxLayout } from "./layout.ts";
import { buildSeccompFilter, currentSeccompArch } from "./seccomp.ts";

export type SessionFacts = { landlockAbi: number; disableUserns: boolean };

/**
 * The native stub's arguments and parameters for a command in a session sandbox; a `trial` does
 * all of it but executing the command.
 */
export function sessionStubCommand(
  program: string,
  argv: string[],
  entry: SessionEntry,
  layout: SandboxLayout,
  options: { trial?: boolean } = {},
) {
  const filter = buildSeccompFilter({
    arch: currentSeccompArch()!,
    networkDisabled: layout.networkDisabled,
    shareHostIpc: false,
    sharedKeyrings: true,
  });
  // Loaded by the session's trial, which a session must pass before commands enter it.
  const stub = landlockStub().path;
  if (stub === null) throw new Error(landlockStub().problem ?? "no native supervisor");
  const ruleset = buildScopeRuleset({ networkDisabled: layout.networkDisabled });
  return {
    program: stub,
    args: [program, ...argv],
    fd3Input: stubParameters({
      parentPid: process.pid,
      mode: options.trial ? "bwrap-session-trial" : "bwrap-session",
      filter,
      namespaces: entry.namespaces,
    }),
    extraFds: [ruleset, entry.pidfd],
  };
}

/**
 * Whether a command can run in a session sandbox: the stub does all it does for a command (enters
 * the namespaces, the command's own mounts, the two supervisors, the command's Landlock domain and
 * seccomp filter), and the command's process exits 0 where it would execute the command.
 */
async function trialInSession(entry: SessionEntry, layout: SandboxLayout): Promise<string | null> {
  let trial: Subprocess<"ignore", "ignore", "pipe">;
  const owned: number[] = [];
  try {
    const command = sessionStubCommand("/bin/true", ["true"], entry, layout, { trial: true });
    owned.push(command.extraFds[0]!);
    const parameters = readablePipe(command.fd3Input);
    owned.push(parameters);
    trial = Bun.spawn([command.program, ...command.args], {
      cwd: "/",
      env: {},
      stdio: ["ignore", "ignore", "pipe", parameters, ...command.extraFds],
    });
  } catch (error) {
    return (error as Error).message;
  } finally {
    for (const fd of owned) closeSync(fd);
  }
  const [code, stderr] = await Promise.all([trial.exited, new Response(trial.stderr).text()]);
  return code === 0 ? null : stderr.trim() || `the trial ended with ${trial.signalCode ?? `exit ${code}`}`;
}

/**
 * The session request for this layout, or null where sessions cannot work (not wanted, no native
 * stub, Landlock ABI < 6: without signal scoping commands would not be kept apart; a writable root
 * under /dev, which the command's own /dev/shm and /dev/pts would hide). Whether the stub runs
 * here is left to the trial, so that bwrap can start first.
 */
export function sessionSandbox(options: {
  bwrap: string;
  layout: SandboxLayout;
  facts: SessionFacts;
  wanted: boolean;
  scope: string;
}): SessionRequest | null {
  const { bwrap, layout, facts, scope } = options;
  if (!options.wanted || facts.landlockAbi < SIGNAL_SCOPE_ABI || !currentSeccompArch()) return null;
  if (layout.writableRoots.some((root) => isWithin(root.root, "/dev"))) return null;
  if (!landlockStubPossible()) return null;
  const trial = (entry: SessionEntry) => trialInSession(entry, layout);
  return { bwrap, layout, disableUserns: facts.disableUserns, scope, trial };
}
