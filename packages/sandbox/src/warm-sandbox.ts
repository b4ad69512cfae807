/**
 * The bwrap tier's session sandbox, started before a command needs it: core calls `warmSandbox`
 * when the model begins a tool call, so that the call's command finds the session running, and
 * `sandboxWarmed` before it asks whether a sandbox can run here or prepares the command, so that
 * neither starts a bwrap of its own beside the one starting.
 */
import {
  bwrapSessionsSettled,
  bwrapSessionUp,
  enterBwrapSession,
  latestBwrapSessionStart,
  type SessionRequest,
} from "./bwrap-session.ts";
import { sessionSandbox } from "./bwrap-session-stub.ts";
import { checkBwrapInBackground, linuxHostFacts, noteBwrapWorks } from "./host-facts.ts";
import { landlockStub } from "./landlock-stub.ts";
import { isWithin, resolveLayout, type SandboxLayout } from "./layout.ts";
import { linuxTier, type PrepareOptions } from "./prepare.ts";
import { platformOf } from "./probe.ts";

/** Warm-ups under way, and when each began. */
const warming = new Map<Promise<void>, number>();

/**
 * Gets the bwrap tier's session sandbox for this policy starting, so that the turn's first command
 * finds it running (core calls it when the model begins a tool call). Does nothing on other
 * tiers, or where sessions cannot work; never rejects.
 */
export function warmSandbox(options: Omit<PrepareOptions, "argv" | "cwd">): Promise<void> {
  const since = performance.now();
  const warm = warmUp(options);
  warming.set(warm, since);
  void warm.finally(() => warming.delete(warm));
  return warm;
}

/**
 * Resolves once what `warmSandbox` started is done (bwrap checked, sessions up or given up), or
 * once `timeoutMs` have passed since the latest of those starts began: a short wait beats a second
 * bwrap beside the one starting. The time counts from the start, not from the call, so that
 * callers one after another (the approval check, then the spawn) share one wait, and none waits
 * for a start that is already late; a start that began since (another conversation's, another
 * layout's) gives its own wait.
 */
export async function sandboxWarmed(timeoutMs: number): Promise<void> {
  const starts = [...warming.values(), latestBwrapSessionStart() ?? Number.NEGATIVE_INFINITY];
  const left = Math.max(...starts) + timeoutMs - performance.now();
  if (!(left > 0)) return;
  let timer: Timer | undefined;
  const timeout = new Promise<void>((resolve) => {
    // Bun runs a timer of Infinity at once: no timer is no time limit.
    if (Number.isFinite(left)) timer = setTimeout(resolve, left);
  });
  const settled = (async () => {
    while (warming.size > 0) await Promise.all(warming.keys());
    await bwrapSessionsSettled();
  })();
  await Promise.race([settled, timeout]);
  clearTimeout(timer);
}

async function warmUp(options: Omit<PrepareOptions, "argv" | "cwd">): Promise<void> {
  try {
    const layout = resolveLayout({ policy: options.policy, cwd: options.sandboxCwd, env: options.env });
    if (layout.unrestricted || options.bwrapSession === false) return;
    if (platformOf(options.platform ?? process.platform) !== "linux") return;
    if (options.networkProxy && layout.networkDisabled) return;
    const scope = options.sandboxScope ?? "";
    if (options.backend !== "landlock" && !options.facts) await checkBwrapSoon(options, layout, scope);
    const linux = linuxTier(options, layout);
    if (linux.tier !== "bwrap") return;
    const { bwrap, facts } = linux;
    startSession(sessionSandbox({ bwrap, layout, facts, wanted: true, scope }));
  } catch {
    // The command itself will report what is wrong.
  }
}

/**
 * The host probe's bwrap run, without blocking. With the network off the session's own start is
 * that run (every namespace the check uses, and more): the session starts at once as if bwrap is
 * 0.8 or later, and only when it cannot does the check run. Two bwrap starts at once on a small
 * machine would delay the first command by tens of milliseconds.
 */
async function checkBwrapSoon(
  options: Omit<PrepareOptions, "argv" | "cwd">,
  layout: SandboxLayout,
  scope: string,
) {
  const host = linuxHostFacts(options.env, { checkBwrap: false });
  if (host.bwrap?.ok !== false || host.bwrap.unchecked !== true) return;
  const bwrap = host.bwrapPath;
  if (
    bwrap !== null &&
    layout.networkDisabled &&
    !layout.writableRoots.some((root) => isWithin(bwrap, root.root))
  ) {
    const facts = { landlockAbi: host.landlockAbi, disableUserns: true };
    const session = sessionSandbox({ bwrap, layout, facts, wanted: true, scope });
    if (session !== null) {
      const up = bwrapSessionUp(session);
      landlockStub(); // while bwrap starts
      if (await up) return noteBwrapWorks({ ok: true, disableUserns: true });
    }
  }
  await checkBwrapInBackground(options.env);
}

/**
 * Starts the session (if none runs or is starting) without entering it, and loads the native stub
 * that its trial and commands run while bwrap starts.
 */
function startSession(session: SessionRequest | null): void {
  if (session === null) return;
  enterBwrapSession(session)?.release();
  landlockStub();
}
