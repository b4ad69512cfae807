/**
 * `codex sandbox linux|macos [--full-auto] -- CMD…`: run one command under the policy with the
 * terminal's stdio. On the Landlock tier this process becomes the sandbox's supervisor; otherwise it
 * runs bwrap or sandbox-exec as its child. Exit status (128+N for a signal) is the command's.
 */
import { closeSync } from "node:fs";
import type { SandboxPolicy } from "@codex/protocol";
import { SandboxUnavailableError } from "./errors.ts";
import { HELPER_FLAG, runLinuxSandboxHelper } from "./helper.ts";
import { readablePipe } from "./input-pipe.ts";
import { dumpNoCore } from "./lockdown.ts";
import { prepareSandboxedCommand } from "./prepare.ts";
import type { LinuxBackend } from "./probe.ts";
import type { NetworkProxyRoute } from "./proxy-command.ts";

export type RunSandboxCommandOptions = {
  platform: "linux" | "macos";
  policy: SandboxPolicy;
  command: string[];
  cwd: string;
  backend?: LinuxBackend;
  env?: Record<string, string | undefined>;
  /** Send the network through the allow-list proxy (bwrap tier; see prepare.ts). */
  networkProxy?: NetworkProxyRoute;
};

const HOST_PLATFORM: Record<RunSandboxCommandOptions["platform"], NodeJS.Platform> = {
  linux: "linux",
  macos: "darwin",
};

/** Runs the command and resolves to its exit code (128+N when killed by signal N). */
export async function runSandboxCommand(options: RunSandboxCommandOptions): Promise<number> {
  if (options.command.length === 0) {
    process.stderr.write(
      "codex sandbox: no command given (usage: codex sandbox linux [--full-auto] -- CMD…)\n",
    );
    return 2;
  }
  if (HOST_PLATFORM[options.platform] !== process.platform) {
    process.stderr.write(`codex sandbox ${options.platform}: this is not a ${options.platform} host\n`);
    return 1;
  }
  let prepared: ReturnType<typeof prepareSandboxedCommand>;
  try {
    prepared = prepareSandboxedCommand({
      policy: options.policy,
      argv: options.command,
      cwd: options.cwd,
      sandboxCwd: options.cwd,
      env: options.env ?? process.env,
      backend: options.backend ?? "auto",
      // One command: a session sandbox would only add its start to the bwrap's.
      bwrapSession: false,
      ...(options.networkProxy ? { networkProxy: options.networkProxy } : {}),
    });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    process.stderr.write(`codex sandbox: ${error.message}\n`);
    return 1;
  }
  const flagAt = prepared.args.indexOf(HELPER_FLAG);
  if (flagAt >= 0) {
    process.chdir(options.cwd);
    await runLinuxSandboxHelper(prepared.args.slice(flagAt + 1), { env: prepared.env });
  }
  const fd3 = prepared.fd3Input ? readablePipe(prepared.fd3Input) : null;
  let child: ReturnType<typeof Bun.spawn>;
  try {
    child = Bun.spawn([prepared.program, ...prepared.args], {
      cwd: options.cwd,
      env: prepared.env,
      stdio: ["inherit", "inherit", "inherit", fd3 ?? "ignore", ...(prepared.extraFds ?? [])],
    });
  } finally {
    if (fd3 !== null) closeSync(fd3);
  }
  const code = await child.exited;
  prepared.release?.();
  if (!child.signalCode) return code;
  // Die the way the command did (the Landlock supervisor and sandbox-exec report its signal).
  const signal = child.signalCode as NodeJS.Signals;
  process.removeAllListeners(signal);
  if (process.platform === "linux") dumpNoCore();
  try {
    process.kill(process.pid, signal);
    await Bun.sleep(100); // delivery is asynchronous; ignored signals (SIGPIPE) fall through
  } catch {}
  return (
    128 +
    (process.getBuiltinModule("node:os").constants.signals[
      signal as keyof typeof import("node:os").constants.signals
    ] ?? 0)
  );
}
