/**
 * The one place a command's spawn is shaped by the sandbox. With no sandbox (danger-full-access, or
 * a human approved running it outside the sandbox) the argv runs as is, under the native supervisor
 * where there is one (so that what it starts cannot outlive codex while it runs); otherwise it goes through
 * `@codex/sandbox`, and when no sandbox can enforce the policy on this machine the command is
 * refused with the sandbox's own message (what is missing, how to fix it): never run unsandboxed
 * behind the policy's back. The policy is anchored to the session's working directory; the
 * command's own working directory (the model's `workdir`) only says where it starts.
 */
import type { SandboxPolicy } from "@codex/protocol";
import {
  type NetworkProxyRoute,
  prepareSandboxedCommand,
  probeSandbox,
  SandboxUnavailableError,
  sandboxWarmed,
  superviseUnsandboxed,
  warmSandbox,
} from "@codex/sandbox";
import type { SandboxChoice } from "../types.ts";

export type LinuxSandboxBackend = "auto" | "bwrap" | "landlock";

export type PreparedSpawn = {
  program: string;
  args: string[];
  env: Record<string, string>;
  /** How the command is confined: "none", "bwrap", "landlock", "seatbelt". */
  tier: string;
  /** Bytes the program reads on fd 3 (bwrap's seccomp filter). */
  fd3Input?: Uint8Array;
  /** The program ends all of the command's processes on SIGTERM: never SIGKILL it. */
  ownsProcessTree: boolean;
  /** Descriptors the program gets as fds 4, 5, … (the native Landlock supervisor's ruleset). */
  extraFds?: number[];
  /** Call once the program has exited or could not be spawned. */
  release?: () => void;
};

export type PrepareOutcome = { type: "ready"; spawn: PreparedSpawn } | { type: "refused"; message: string };

function hasFullNetwork(policy: SandboxPolicy): boolean {
  return policy.mode === "danger-full-access" || (policy.mode === "workspace-write" && policy.network_access);
}

const availability = new Map<LinuxSandboxBackend, boolean>();

/**
 * Whether a platform sandbox can run commands here (probed once per backend, about 5 ms). The
 * probe may need to know whether bwrap works: the turn's warm-up is finding out, so it is waited
 * for a little rather than a second bwrap run beside it, blocking.
 */
export async function sandboxAvailable(options: { backend?: LinuxSandboxBackend } = {}): Promise<boolean> {
  const backend = options.backend ?? "auto";
  let available = availability.get(backend);
  if (available === undefined) {
    await sandboxStarted();
    available = probeSandbox({ backend, tierOnly: true }).tier !== null;
    availability.set(backend, available);
  }
  return available;
}

/**
 * Starts what the sandbox keeps running for a policy (the bwrap tier's session sandbox), in the
 * background, so that the first command does not wait for it (session/sandbox-warm.ts).
 */
export function warmTurnSandbox(options: {
  policy: SandboxPolicy;
  sandboxCwd: string;
  env: Record<string, string>;
  backend?: LinuxSandboxBackend;
  /** The conversation whose commands will use it. */
  sandboxScope: string;
}): void {
  if (options.policy.mode === "danger-full-access") return;
  const { policy, sandboxCwd, env, sandboxScope } = options;
  void warmSandbox({ policy, sandboxCwd, env, backend: options.backend ?? "auto", sandboxScope });
}

/** How long after the turn's sandbox began starting a command stops waiting for it (and starts its own). */
const START_WAIT_MS = 100;

/** Resolves once the sandbox `warmTurnSandbox` started is up, or after a short while. */
export function sandboxStarted(): Promise<void> {
  return sandboxWarmed(START_WAIT_MS);
}

export function prepareSpawn(options: {
  sandbox: SandboxChoice;
  /** The turn's policy (decides CODEX_SANDBOX_NETWORK_DISABLED even for unsandboxed runs). */
  turnPolicy: SandboxPolicy;
  argv: readonly string[];
  /** Where the command starts. */
  cwd: string;
  /** The session's working directory, which the policy is anchored to. */
  sandboxCwd: string;
  env: Record<string, string>;
  backend?: LinuxSandboxBackend;
  /** The session's allow-list proxy, for a sandboxed command (see prepare-tool-spawn.ts). */
  networkProxy?: NetworkProxyRoute | null;
  /** Whose commands share a running sandbox (the conversation); see `PrepareOptions.sandboxScope`. */
  sandboxScope?: string;
}): PrepareOutcome {
  const [program, ...args] = options.argv;
  if (program === undefined) return { type: "refused", message: "command is empty" };
  if (options.sandbox.type === "none") {
    const env = { ...options.env };
    if (!hasFullNetwork(options.turnPolicy)) env.CODEX_SANDBOX_NETWORK_DISABLED = "1";
    // Under the native supervisor where there is one, so that nothing it starts outlives codex.
    const supervised = superviseUnsandboxed({ argv: options.argv, env, cwd: options.cwd });
    if (supervised !== null) return { type: "ready", spawn: { ...supervised, env, tier: "none" } };
    return { type: "ready", spawn: { program, args, env, tier: "none", ownsProcessTree: false } };
  }
  try {
    const prepared = prepareSandboxedCommand({
      policy: options.sandbox.policy,
      argv: [...options.argv],
      cwd: options.cwd,
      sandboxCwd: options.sandboxCwd,
      env: options.env,
      backend: options.backend ?? "auto",
      ...(options.networkProxy ? { networkProxy: options.networkProxy } : {}),
      ...(options.sandboxScope ? { sandboxScope: options.sandboxScope } : {}),
    });
    return { type: "ready", spawn: prepared };
  } catch (error) {
    if (error instanceof SandboxUnavailableError)
      return { type: "refused", message: `command not run: ${error.message}` };
    throw error;
  }
}
