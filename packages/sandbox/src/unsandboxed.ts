/**
 * An unsandboxed command (danger-full-access, or approved to run outside the sandbox) under the
 * native supervisor's mode 1, so that what it starts cannot outlive codex while it runs — even when
 * codex is killed with SIGKILL. Nothing else changes: the command sees the same files, network,
 * session, terminal, privileges and signals as when spawned directly (its parent is the
 * supervisor); what it leaves running when it ends normally keeps running, as in Codex 0.169 (a
 * server started with `&` for the next command); codex stops it as before, through its process
 * group (SIGTERM, then SIGKILL after a grace period). Where there is no native supervisor (not
 * x86-64, memfds not executable, no /proc/thread-self/children) the command is spawned directly
 * (docs/sandbox.md).
 */
import { existsSync } from "node:fs";
import { lookupCommand } from "./command-path.ts";
import { landlockStub, stubParameters } from "./landlock-stub.ts";

export type SupervisedSpawn = {
  program: string;
  args: string[];
  /** The supervisor's parameters: give them to it as fd 3 (`readablePipe`). */
  fd3Input: Uint8Array;
  /** Stop it as the command itself: its process group gets SIGTERM, then SIGKILL after a grace. */
  ownsProcessTree: false;
};

let listable: boolean | undefined;

/**
 * How to spawn `argv` unsandboxed under the supervisor, or null when this machine cannot (then spawn
 * it directly). A command that cannot be found is left to the direct spawn, whose error is the usual.
 */
export function superviseUnsandboxed(options: {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
  /** Defaults to this process's platform. */
  platform?: NodeJS.Platform;
}): SupervisedSpawn | null {
  const [program, ...rest] = options.argv;
  if (program === undefined || (options.platform ?? process.platform) !== "linux") return null;
  listable ??= existsSync("/proc/thread-self/children");
  const stub = listable ? landlockStub().path : null;
  if (stub === null) return null;
  const lookup = lookupCommand(program, { path: options.env.PATH, cwd: options.cwd });
  if (!lookup.found) return null;
  return {
    program: stub,
    args: [lookup.path, program, ...rest],
    fd3Input: stubParameters({ parentPid: process.pid, mode: "unsandboxed" }),
    ownsProcessTree: false,
  };
}
