/**
 * Whether the bwrap tier's session sandbox works on this machine, for `codex doctor`: where it
 * does not, every command starts a bwrap of its own (correct, ~10 ms slower each) and nothing
 * else says so. Starts one session for a read-only layout and runs its trial, as a turn would.
 */
import { bwrapSessionProblem, bwrapSessionUp } from "./bwrap-session.ts";
import { sessionSandbox } from "./bwrap-session-stub.ts";
import { resolveLayout } from "./layout.ts";
import { linuxTier, type PrepareOptions } from "./prepare.ts";

export type SessionCheck = { works: true } | { works: false; problem: string };

/** Null where sessions do not apply: not the bwrap tier, or no native supervisor here. */
export async function checkSessionSandbox(
  options: Pick<PrepareOptions, "backend" | "env"> & { cwd: string },
): Promise<SessionCheck | null> {
  if (process.platform !== "linux") return null;
  const layout = resolveLayout({ policy: { mode: "read-only" }, cwd: options.cwd, env: options.env });
  let linux: ReturnType<typeof linuxTier>;
  try {
    linux = linuxTier(options, layout);
  } catch {
    return null; // no sandbox at all: the sandbox check says why
  }
  if (linux.tier !== "bwrap") return null;
  const request = sessionSandbox({
    bwrap: linux.bwrap,
    layout,
    facts: linux.facts,
    wanted: true,
    scope: "codex doctor",
  });
  if (request === null) return null;
  if (await bwrapSessionUp(request)) return { works: true };
  return { works: false, problem: bwrapSessionProblem() ?? "it did not start" };
}
