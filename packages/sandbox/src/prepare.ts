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
import { SANDBOX_EXEC, seatbeltArgs } from "./seatbelt.ts";
import { buildSeccompFilter, currentSeccompArch } from "./seccomp.ts";
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
  /**
   * How the bwrap tier gets its seccomp filter: "shell" (default) pipes it from `/bin/sh`'s printf
   * into `bwrap --seccomp 3`, with no extra Bun start; "helper" has this program's helper mode
   * write it and exec bwrap (used by `codex sandbox linux`, which execs in place).
   */
  bwrapLauncher?: "shell" | "helper";
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

/**
 * `printf "$0"` writes the filter into the pipe that becomes bwrap's fd 3, and bwrap gets the
 * original stdin back (fd 4 keeps it; /dev/null when stdin was closed).
 */
const SHELL_LAUNCH =
  '{ command exec 4<&0; } 2>/dev/null || exec 4</dev/null; printf "$0" | "$@" 3<&0 0<&4 4<&-';

function shellLaunchedBwrap(input: {
  bwrap: string;
  inner: string[];
  options: PrepareOptions;
  layout: SandboxLayout;
}): PreparedCommand {
  const env = sandboxEnv(input.options.env, input.layout);
  const arch = currentSeccompArch();
  if (!arch)
    throw new SandboxUnavailableError(`No seccomp filter for ${process.arch}: only x86-64 and arm64.`, null);
  const [program] = input.options.argv;
  const lookup = lookupCommand(program!, { path: env.PATH, cwd: input.options.cwd });
  if (!lookup.found) {
    // What a shell would do, without starting a sandbox for nothing.
    const script = `printf '%s\\n' "codex sandbox: $0" >&2; exit ${lookup.exitCode}`;
    return { program: "/bin/sh", args: ["-c", script, lookup.message], env, tier: "bwrap" };
  }
  const filter = buildSeccompFilter({ arch, networkDisabled: input.layout.networkDisabled });
  const format = Array.from(filter, (byte) => `\\${byte.toString(8).padStart(3, "0")}`).join("");
  return {
    program: "/bin/sh",
    args: ["-c", SHELL_LAUNCH, format, input.bwrap, "--seccomp", "3", ...input.inner],
    env,
    tier: "bwrap",
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
    if ((options.bwrapLauncher ?? "shell") === "shell") {
      return shellLaunchedBwrap({ bwrap, inner, options, layout });
    }
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
