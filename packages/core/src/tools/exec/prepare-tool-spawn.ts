/**
 * What every tool that spawns a model's command calls (shell; exec_command's sessions): the
 * sandbox's spawn and, when the session's permission profile sends the network through the
 * allow-list proxy, the route to it. After the command, `networkNotes` gives the sentences the
 * model reads: which hosts the proxy refused and by which rule, or why this tier has no network.
 */
import type { SandboxChoice, ToolContext } from "../types.ts";
import { type PreparedSpawn, type PrepareOutcome, prepareSpawn, sandboxStarted } from "./sandbox-adapter.ts";

export type ToolSpawn =
  | Extract<PrepareOutcome, { type: "refused" }>
  | { type: "ready"; spawn: PreparedSpawn; networkNotes(): string[] };

export async function prepareToolSpawn(
  ctx: ToolContext,
  request: { sandbox: SandboxChoice; argv: readonly string[]; cwd: string; env: Record<string, string> },
): Promise<ToolSpawn> {
  const network = request.sandbox.type === "sandboxed" ? (ctx.network ?? null) : null;
  let route = null;
  if (network) {
    try {
      route = await network.route();
    } catch (error) {
      return {
        type: "refused",
        message: `command not run: the network allow-list proxy could not start: ${(error as Error).message}`,
      };
    }
  }
  const mark = network?.mark() ?? 0;
  // The turn's sandbox may be starting (warmTurnSandbox): a short wait beats a bwrap of our own.
  if (request.sandbox.type === "sandboxed" && !route) await sandboxStarted();
  const prepared = prepareSpawn({
    sandbox: request.sandbox,
    turnPolicy: ctx.sandboxPolicy,
    argv: request.argv,
    cwd: request.cwd,
    sandboxCwd: ctx.cwd,
    env: request.env,
    backend: ctx.config.linux_sandbox_backend,
    networkProxy: route,
    ...(ctx.conversationId ? { sandboxScope: ctx.conversationId } : {}),
  });
  if (prepared.type === "refused") return prepared;
  const { tier } = prepared.spawn;
  const networkNotes = (): string[] => {
    if (!network) return [];
    if (tier === "bwrap") {
      const { profile } = network.settings;
      for (const { host, port } of network.unlistedSince(mark))
        ctx.emit({ type: "network_approval_request", host, port, profile });
      return network.blockedSince(mark);
    }
    const fix =
      tier === "seatbelt"
        ? "macOS is not supported yet"
        : "install bubblewrap (e.g. `apt install bubblewrap`) to use it";
    const note = `network: the network allow-list of [permissions.${network.settings.profile}] needs the bubblewrap sandbox tier; on the ${tier} tier sandboxed commands have no network at all (${fix}).`;
    if (network.firstTierWarning()) ctx.emit({ type: "warning", message: note });
    return [note];
  };
  return { type: "ready", spawn: prepared.spawn, networkNotes };
}
