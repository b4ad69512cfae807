/**
 * From (policy, argv, cwd, env) to what to spawn. Core's shell tool spawns `program` with `args`
 * and `env` in `cwd`; stdio is the caller's business and passes through untouched.
 */
import type { SandboxPolicy } from "@codex/protocol";
import { bwrapArgs } from "./bwrap.ts";
import { lookupCommand } from "./command-path.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { HELPER_FLAG } from "./helper.ts";
import type { LinuxHostFacts } from "./host-facts.ts";
import { isWithin, resolveLayout, type SandboxLayout, sandboxEnv } from "./layout.ts";
import { type LinuxBackend, platformOf, probeSandbox, type SandboxTier } from "./probe.ts";
import { bwrapProxiedCommand, type NetworkProxyRoute } from "./proxy-command.ts";
import { SANDBOX_EXEC, seatbeltArgs } from "./seatbelt.ts";
import { buildSeccompFilter, currentSeccompArch } from "./seccomp.ts";
import { sandboxHelperCommand } from "./self-exec.ts";

export type PrepareOptions = {
  policy: SandboxPolicy;
  /** The command, argv[0] first (looked up on the child's PATH). */
  argv: string[];
  /** Absolute directory the command starts in. It grants nothing: it may be anywhere. */
  cwd: string;
  /**
   * Absolute directory the policy is anchored to: the session's working directory, which
   * workspace-write makes writable and relative `writable_roots` are resolved against. Never take it
   * from a tool call.
   */
  sandboxCwd: string;
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
  /**
   * Send the network through the allow-list proxy (the policy itself has the network off). Only
   * the bwrap tier can: elsewhere the network simply stays off, and `tier` tells the caller.
   */
  networkProxy?: NetworkProxyRoute;
};

export type PreparedCommand = {
  program: string;
  args: string[];
  env: Record<string, string>;
  /** "none" only for danger-full-access. */
  tier: SandboxTier | "none";
  /**
   * Bytes the program reads on file descriptor 3 (bwrap's seccomp filter): spawn it with
   * `readablePipe(fd3Input)` as its fd 3, then close that fd.
   */
  fd3Input?: Uint8Array;
  /**
   * The program takes every process of the command with it when it gets SIGTERM or when its parent
   * dies (bwrap's PID namespace; the Landlock supervisor, which must not be SIGKILLed before it has
   * swept up). Stop it with SIGTERM.
   */
  ownsProcessTree: boolean;
};

function unsandboxed(options: PrepareOptions, layout: SandboxLayout): PreparedCommand {
  const [program, ...args] = options.argv;
  return {
    program: program!,
    args,
    env: sandboxEnv(options.env, layout),
    tier: "none",
    ownsProcessTree: false,
  };
}

/** bwrap as the spawner's direct child (so `--die-with-parent` means codex), filter on fd 3. */
function bwrapCommand(bwrap: string, inner: string[], options: PrepareOptions, layout: SandboxLayout) {
  const env = sandboxEnv(options.env, layout);
  const arch = currentSeccompArch();
  if (!arch)
    throw new SandboxUnavailableError(`No seccomp filter for ${process.arch}: only x86-64 and arm64.`, null);
  const [program] = options.argv;
  const lookup = lookupCommand(program!, { path: env.PATH, cwd: options.cwd });
  if (!lookup.found) {
    // What a shell would do, without starting a sandbox for nothing.
    const script = `printf '%s\\n' "codex sandbox: $0" >&2; exit ${lookup.exitCode}`;
    return {
      program: "/bin/sh",
      args: ["-c", script, lookup.message],
      env,
      tier: "bwrap" as const,
      ownsProcessTree: false,
    };
  }
  // bwrap's own namespaces isolate System V IPC and keyrings.
  const filter = buildSeccompFilter({ arch, networkDisabled: layout.networkDisabled, shareHostIpc: false });
  return {
    program: bwrap,
    args: ["--seccomp", "3", ...inner],
    env,
    tier: "bwrap" as const,
    fd3Input: filter,
    ownsProcessTree: true,
  };
}

function linuxCommand(options: PrepareOptions, layout: SandboxLayout): PreparedCommand {
  const probe = probeSandbox({
    backend: options.backend ?? "auto",
    platform: "linux",
    env: options.env,
    ...(options.facts ? { facts: options.facts } : {}),
  });
  if (probe.tier === null || probe.facts === null) throw new SandboxUnavailableError(probe.summary, probe);
  if (probe.tier === "bwrap") {
    const bwrap = probe.facts.bwrapPath!;
    if (layout.writableRoots.some((root) => isWithin(bwrap, root.root))) {
      throw new SandboxUnavailableError(
        `Refusing to use ${bwrap}: it lies in a directory the sandbox may write to. Install bubblewrap system-wide (/usr/bin/bwrap).`,
        probe,
      );
    }
    const disableUserns = probe.facts.bwrap?.ok === true && probe.facts.bwrap.disableUserns;
    if (options.networkProxy && layout.networkDisabled) {
      const helper = options.helperCommand ?? sandboxHelperCommand();
      const { argv, cwd, env } = options;
      return bwrapProxiedCommand({
        bwrap,
        layout,
        route: options.networkProxy,
        helper,
        argv,
        cwd,
        env,
        disableUserns,
      });
    }
    const inner = bwrapArgs({ layout, cwd: options.cwd, command: options.argv, disableUserns });
    return bwrapCommand(bwrap, inner, options, layout);
  }
  const helper = options.helperCommand ?? sandboxHelperCommand();
  const roots = layout.writableRoots.flatMap((root) => [
    "--write",
    root.root,
    ...root.readOnly.flatMap((path) => ["--read-only", path]),
  ]);
  const network = ["--network", layout.networkDisabled ? "off" : "on"];
  return {
    program: helper[0]!,
    args: [...helper.slice(1), HELPER_FLAG, ...network, "--landlock", ...roots, "--", ...options.argv],
    env: sandboxEnv(options.env, layout),
    tier: probe.tier,
    ownsProcessTree: true,
  };
}

/**
 * How to spawn `argv` under `policy`. Throws `SandboxUnavailableError` (with the fix in its message)
 * when no sandbox can enforce the policy here; it never returns a weaker sandbox than asked for.
 */
export function prepareSandboxedCommand(options: PrepareOptions): PreparedCommand {
  if (options.argv.length === 0) throw new TypeError("prepareSandboxedCommand: empty argv");
  const layout = resolveLayout({ policy: options.policy, cwd: options.sandboxCwd, env: options.env });
  if (layout.unrestricted) return unsandboxed(options, layout);
  const platform = platformOf(options.platform ?? process.platform);
  if (platform === "linux") return linuxCommand(options, layout);
  if (platform === "macos") {
    const env = sandboxEnv(options.env, layout);
    env.CODEX_SANDBOX = "seatbelt";
    return {
      program: SANDBOX_EXEC,
      args: seatbeltArgs(layout, options.argv),
      env,
      tier: "seatbelt",
      ownsProcessTree: false,
    };
  }
  const probe = probeSandbox({ platform: options.platform ?? process.platform });
  throw new SandboxUnavailableError(probe.summary, probe);
}
