/**
 * From (policy, argv, cwd, env) to what to spawn. Core's shell tool spawns `program` with `args`
 * and `env` in `cwd`; stdio is the caller's business and passes through untouched.
 */

import { closeSync } from "node:fs";
import type { SandboxPolicy } from "@codex/protocol";
import { bwrapArgs } from "./bwrap.ts";
import { enterBwrapSession } from "./bwrap-session.ts";
import { type SessionFacts, sessionSandbox, sessionStubCommand } from "./bwrap-session-stub.ts";
import { lookupCommand } from "./command-path.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { HELPER_FLAG } from "./helper.ts";
import type { LinuxHostFacts } from "./host-facts.ts";
import { buildRuleset, SIGNAL_SCOPE_ABI } from "./landlock.ts";
import { landlockStub, stubParameters } from "./landlock-stub.ts";
import { isWithin, resolveLayout, type SandboxLayout, sandboxEnv } from "./layout.ts";
import { arrangeTemporaryDirectory, type TempArrangement } from "./private-temp.ts";
import { type LinuxBackend, platformOf, probeSandbox, type SandboxTier } from "./probe.ts";
import { bwrapProxiedCommand, type NetworkProxyRoute } from "./proxy-command.ts";
import { SANDBOX_EXEC, seatbeltArgs } from "./seatbelt.ts";
import { buildSeccompFilter, currentSeccompArch } from "./seccomp.ts";
import { sandboxHelperCommand } from "./self-exec.ts";
import { superviseUnsandboxed } from "./unsandboxed.ts";

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
  /**
   * Who supervises a command on the Landlock tier: the native stub (default where this machine has
   * one: x86-64, Landlock ABI >= 6) or the Bun helper (everywhere else; tests and benchmarks run both).
   */
  landlockSupervisor?: "native" | "bun";
  /**
   * On the bwrap tier, run the command in the session's running bwrap (bwrap-session.ts) where this
   * machine can (default), or start a bwrap for it alone (one-shot runs, tests of both).
   */
  bwrapSession?: boolean;
  /**
   * Who shares a session sandbox: commands of the same layout and scope (core: the conversation).
   * Commands of a session see one another's processes, so other conversations get their own.
   */
  sandboxScope?: string;
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
  /**
   * Descriptors the program gets as fds 4, 5, … (fd 3 is `fd3Input`'s pipe): the native
   * supervisor's ruleset, and in a bwrap session the session's pidfd, which is the session's and
   * shared. Never close them yourself: `release` closes what was opened for this command.
   */
  extraFds?: number[];
  /**
   * Call once the program has exited (or could not be spawned): closes `extraFds` and removes the
   * command's private temporary directory. Calling it again does nothing.
   */
  release?: () => void;
};

/** No sandbox, but the supervisor where there is one (unsandboxed.ts), so nothing outlives codex. */
function unsandboxed(options: PrepareOptions, layout: SandboxLayout): PreparedCommand {
  const env = sandboxEnv(options.env, layout);
  const { argv, cwd, platform } = options;
  const supervised = superviseUnsandboxed({ argv, env, cwd, ...(platform ? { platform } : {}) });
  if (supervised !== null) return { ...supervised, env, tier: "none" };
  const [program, ...args] = options.argv;
  return { program: program!, args, env, tier: "none", ownsProcessTree: false };
}

/** What a shell would do for a command it cannot find, without starting a sandbox for nothing. */
function notFound(
  lookup: { exitCode: number; message: string },
  env: Record<string, string>,
  tier: SandboxTier,
): PreparedCommand {
  const script = `printf '%s\\n' "codex sandbox: $0" >&2; exit ${lookup.exitCode}`;
  return { program: "/bin/sh", args: ["-c", script, lookup.message], env, tier, ownsProcessTree: false };
}

/**
 * The bwrap tier without a bwrap start: the native stub enters the session's running bwrap and
 * supervises the command as on the Landlock tier (stub mode 2). Null when there is no session to
 * enter yet (or none can work here): the caller starts a bwrap.
 */
function bwrapSessionCommand(
  bwrap: string,
  options: PrepareOptions,
  layout: SandboxLayout,
  facts: SessionFacts,
) {
  const request = sessionSandbox({
    bwrap,
    layout,
    facts,
    wanted: options.bwrapSession !== false,
    scope: options.sandboxScope ?? "",
  });
  if (request === null) return null;
  const env = sandboxEnv(options.env, layout);
  const lookup = lookupCommand(options.argv[0]!, { path: env.PATH, cwd: options.cwd });
  if (!lookup.found) return notFound(lookup, env, "bwrap");
  const entry = enterBwrapSession(request);
  if (entry === null) return null;
  let command: ReturnType<typeof sessionStubCommand>;
  try {
    command = sessionStubCommand(lookup.path, options.argv, entry, layout);
  } catch (error) {
    entry.release();
    throw new SandboxUnavailableError(`${(error as Error).message}; the command was not run`, null);
  }
  let released = false;
  return {
    ...command,
    env,
    tier: "bwrap" as const,
    ownsProcessTree: true,
    release: () => {
      if (released) return;
      released = true;
      closeSync(command.extraFds[0]!);
      entry.release();
    },
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
  if (!lookup.found) return notFound(lookup, env, "bwrap");
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

/** The tier for a Linux command (the host probe is cached); for bwrap, its path and facts. */
export function linuxTier(options: Pick<PrepareOptions, "backend" | "env" | "facts">, layout: SandboxLayout) {
  const probe = probeSandbox({
    backend: options.backend ?? "auto",
    platform: "linux",
    env: options.env,
    tierOnly: true,
    ...(options.facts ? { facts: options.facts } : {}),
  });
  if (probe.tier === null || probe.facts === null) throw new SandboxUnavailableError(probe.summary, probe);
  if (probe.tier !== "bwrap") return { tier: probe.tier, landlockAbi: probe.facts.landlockAbi } as const;
  const bwrap = probe.facts.bwrapPath!;
  if (layout.writableRoots.some((root) => isWithin(bwrap, root.root))) {
    throw new SandboxUnavailableError(
      `Refusing to use ${bwrap}: it lies in a directory the sandbox may write to. Install bubblewrap system-wide (/usr/bin/bwrap).`,
      probe,
    );
  }
  const disableUserns = probe.facts.bwrap?.ok === true && probe.facts.bwrap.disableUserns;
  const facts: SessionFacts = { landlockAbi: probe.facts.landlockAbi, disableUserns };
  return { tier: "bwrap", bwrap, facts } as const;
}

function linuxCommand(options: PrepareOptions, layout: SandboxLayout): PreparedCommand {
  const linux = linuxTier(options, layout);
  if (linux.tier === "bwrap") {
    const { bwrap, facts } = linux;
    const { disableUserns } = facts;
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
    const inSession = bwrapSessionCommand(bwrap, options, layout, facts);
    if (inSession !== null) return inSession;
    const inner = bwrapArgs({ layout, cwd: options.cwd, command: options.argv, disableUserns });
    return bwrapCommand(bwrap, inner, options, layout);
  }
  return landlockCommand(options, layout, linux.landlockAbi);
}

/**
 * The native supervisor (no Bun start per command): codex builds the command's ruleset here and
 * the stub applies it; the seccomp filter and codex's pid reach the stub on fd 3.
 */
function nativeLandlockCommand(
  options: PrepareOptions,
  stubPath: string,
  temp: TempArrangement,
): PreparedCommand {
  const { layout, env } = temp;
  const lookup = lookupCommand(options.argv[0]!, { path: env.PATH, cwd: options.cwd });
  if (!lookup.found) {
    temp.release();
    return notFound(lookup, env, "landlock");
  }
  const arch = currentSeccompArch();
  if (!arch) {
    temp.release();
    throw new SandboxUnavailableError(`No seccomp filter for ${process.arch}: only x86-64 and arm64.`, null);
  }
  const filter = buildSeccompFilter({ arch, networkDisabled: layout.networkDisabled, shareHostIpc: true });
  let ruleset: number;
  try {
    ruleset = buildRuleset({
      writableRoots: layout.writableRoots,
      networkDisabled: layout.networkDisabled,
      ownTerminals: false,
    }).fd;
  } catch (error) {
    temp.release();
    throw new SandboxUnavailableError(`${(error as Error).message}; the command was not run`, null);
  }
  let released = false;
  return {
    program: stubPath,
    args: [lookup.path, ...options.argv],
    env,
    tier: "landlock",
    fd3Input: stubParameters({ parentPid: process.pid, mode: "landlock", filter }),
    ownsProcessTree: true,
    extraFds: [ruleset],
    release: () => {
      if (released) return;
      released = true;
      closeSync(ruleset);
      temp.release();
    },
  };
}

function landlockCommand(options: PrepareOptions, layout: SandboxLayout, abi: number): PreparedCommand {
  const temp = arrangeTemporaryDirectory(layout, sandboxEnv(options.env, layout));
  const wantsNative = (options.landlockSupervisor ?? "native") === "native";
  const stub = wantsNative && abi >= SIGNAL_SCOPE_ABI ? landlockStub().path : null;
  if (stub !== null) return nativeLandlockCommand(options, stub, temp);
  const helper = options.helperCommand ?? sandboxHelperCommand();
  const roots = temp.layout.writableRoots.flatMap((root) => [
    "--write",
    root.root,
    ...root.readOnly.flatMap((path) => ["--read-only", path]),
  ]);
  const network = ["--network", layout.networkDisabled ? "off" : "on"];
  return {
    program: helper[0]!,
    args: [...helper.slice(1), HELPER_FLAG, ...network, "--landlock", ...roots, "--", ...options.argv],
    env: temp.env,
    tier: "landlock",
    ownsProcessTree: true,
    release: temp.release,
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
