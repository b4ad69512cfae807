/**
 * The one place a command's spawn is shaped by the sandbox. With no sandbox (danger-full-access,
 * or a human approved running it unsandboxed) the argv runs as is; otherwise it must go through
 * `@codex/sandbox`. Until that package provides `prepareSandboxedCommand`, sandboxed commands are
 * refused with a message saying what to do: never run behind the policy's back.
 */
import type { SandboxPolicy } from "@codex/protocol";
import type { SandboxChoice } from "../types.ts";

export type PreparedSpawn = {
  program: string;
  args: string[];
  env: Record<string, string>;
  /** How the command is confined, for logs: "none", "bwrap", "landlock", "seatbelt". */
  tier: string;
};

export type PrepareOutcome = { type: "ready"; spawn: PreparedSpawn } | { type: "refused"; message: string };

function hasFullNetwork(policy: SandboxPolicy): boolean {
  return policy.mode === "danger-full-access" || (policy.mode === "workspace-write" && policy.network_access);
}

/** Whether sandboxed commands can run on this machine under `policy`. */
export function isSandboxAvailable(_policy: SandboxPolicy): boolean {
  return false;
}

export function prepareSpawn(options: {
  sandbox: SandboxChoice;
  /** The turn's policy (decides CODEX_SANDBOX_NETWORK_DISABLED even for unsandboxed runs). */
  turnPolicy: SandboxPolicy;
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
}): PrepareOutcome {
  const [program, ...args] = options.argv;
  if (program === undefined) return { type: "refused", message: "command is empty" };
  const env = { ...options.env };
  if (!hasFullNetwork(options.turnPolicy)) env.CODEX_SANDBOX_NETWORK_DISABLED = "1";
  if (options.sandbox.type === "none") return { type: "ready", spawn: { program, args, env, tier: "none" } };
  return {
    type: "refused",
    message: `command not run: no OS sandbox is available for the ${options.sandbox.policy.mode} policy in this build; rerun with --sandbox danger-full-access (or approve it to run unsandboxed) if you trust it`,
  };
}
