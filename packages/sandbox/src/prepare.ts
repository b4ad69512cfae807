/**
 * From (policy, argv, cwd, env) to what to spawn. Core's shell tool spawns `program` with `args`
 * and `env` in `cwd`; stdio is the caller's business and passes through untouched.
 */
import type { SandboxPolicy } from "@codex/protocol";
import { bwrapArgs } from "./bwrap.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { HELPER_FLAG } from "./helper.ts";
import type { LinuxHostFacts } from "./host-facts.ts";
import { isWithin, resolveLayout, type SandboxLayout, sandboxEnv } from "./layout.ts";
import { type LinuxBackend, platformOf, probeSandbox, type SandboxTier } from "./probe.ts";
import { SANDBOX_EXEC, seatbeltArgs } from "./seatbelt.ts";
import { sandboxHelperCommand } from "./self-exec.ts";

export type PrepareOptions = {
  policy: SandboxPolicy;
  /** The command, argv[0] first (looked up on the child's PATH). */
  argv: string[];
  /** Absolute working directory of the command. */
  cwd: string;
  /** The child's environment (already filtered by the shell environment policy). */
  env: Record<string, string | undefined>;
  /** `sandbox.linux_backend`; "auto" when absent. */
  backend?: LinuxBackend;
  /** Defaults to this process's platform. */
  platform?: NodeJS.Platform;
  /** How to start this program in helper mode; defaults to `sandboxHelperCommand()`. */
  helperCommand?: string[];
  /** Injected host facts (tests). */
  facts?: Partial<LinuxHostFacts>;
};

export type PreparedCommand = {
  program: string;
  args: string[];
  env: Record<string, string>;
  /** "none" only for danger-full-access. */
  tier: SandboxTier | "none";
};

function unsandboxed(options: PrepareOptions, layout: SandboxLayout): PreparedCommand {
  const [program, ...args] = options.argv;
  return { program: program!, args, env: sandboxEnv(options.env, layout), tier: "none" };
}

function linuxCommand(options: PrepareOptions, layout: SandboxLayout): PreparedCommand {
  const probe = probeSandbox({
    backend: options.backend ?? "auto",
    platform: "linux",
    env: options.env,
    ...(options.facts ? { facts: options.facts } : {}),
  });
  if (probe.tier === null || probe.facts === null) throw new SandboxUnavailableError(probe.summary, probe);
  const helper = options.helperCommand ?? sandboxHelperCommand();
  const network = ["--network", layout.networkDisabled ? "off" : "on"];
  let helperArgs: string[];
  if (probe.tier === "bwrap") {
    const bwrap = probe.facts.bwrapPath!;
    if (layout.writableRoots.some((root) => isWithin(bwrap, root.root))) {
      throw new SandboxUnavailableError(
        `Refusing to use ${bwrap}: it lies in a directory the sandbox may write to. Install bubblewrap system-wide (/usr/bin/bwrap).`,
        probe,
      );
    }
    const disableUserns = probe.facts.bwrap?.ok === true && probe.facts.bwrap.disableUserns;
    const inner = bwrapArgs({ layout, cwd: options.cwd, command: options.argv, disableUserns });
    helperArgs = [HELPER_FLAG, ...network, "--bwrap", bwrap, "--", ...inner];
  } else {
    const roots = layout.writableRoots.flatMap((root) => [
      "--write",
      root.root,
      ...root.readOnly.flatMap((path) => ["--read-only", path]),
    ]);
    helperArgs = [HELPER_FLAG, ...network, "--landlock", ...roots, "--", ...options.argv];
  }
  return {
    program: helper[0]!,
    args: [...helper.slice(1), ...helperArgs],
    env: sandboxEnv(options.env, layout),
    tier: probe.tier,
  };
}

/**
 * How to spawn `argv` under `policy`. Throws `SandboxUnavailableError` (with the fix in its message)
 * when no sandbox can enforce the policy here; it never returns a weaker sandbox than asked for.
 */
export function prepareSandboxedCommand(options: PrepareOptions): PreparedCommand {
  if (options.argv.length === 0) throw new TypeError("prepareSandboxedCommand: empty argv");
  const layout = resolveLayout({ policy: options.policy, cwd: options.cwd, env: options.env });
  if (layout.unrestricted) return unsandboxed(options, layout);
  const platform = platformOf(options.platform ?? process.platform);
  if (platform === "linux") return linuxCommand(options, layout);
  if (platform === "macos") {
    const env = sandboxEnv(options.env, layout);
    env.CODEX_SANDBOX = "seatbelt";
    return { program: SANDBOX_EXEC, args: seatbeltArgs(layout, options.argv), env, tier: "seatbelt" };
  }
  const probe = probeSandbox({ platform: options.platform ?? process.platform });
  throw new SandboxUnavailableError(probe.summary, probe);
}
