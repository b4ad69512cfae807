/**
 * `codex sandbox linux|macos [--full-auto] -- CMD…`: run one command under the policy with the
 * terminal's stdio. On Linux this process becomes the sandbox (no extra process): it execs bwrap, or
 * locks itself down with Landlock and execs the command, so exit status and signals are the
 * command's own.
 */
import { constants } from "node:os";
import type { SandboxPolicy } from "@codex/protocol";
import { SandboxUnavailableError } from "./errors.ts";
import { HELPER_FLAG, runLinuxSandboxHelper } from "./helper.ts";
import { prepareSandboxedCommand } from "./prepare.ts";
import type { LinuxBackend } from "./probe.ts";

export type RunSandboxCommandOptions = {
  platform: "linux" | "macos";
  policy: SandboxPolicy;
  command: string[];
  cwd: string;
  backend?: LinuxBackend;
  env?: Record<string, string | undefined>;
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
      env: options.env ?? process.env,
      backend: options.backend ?? "auto",
      bwrapLauncher: "helper",
    });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    process.stderr.write(`codex sandbox: ${error.message}\n`);
    return 1;
  }
  const flagAt = prepared.args.indexOf(HELPER_FLAG);
  if (flagAt >= 0) {
    process.chdir(options.cwd);
    runLinuxSandboxHelper(prepared.args.slice(flagAt + 1), { env: prepared.env });
  }
  const child = Bun.spawn([prepared.program, ...prepared.args], {
    cwd: options.cwd,
    env: prepared.env,
    stdio: ["inherit", "inherit", "inherit"],
  });
  const code = await child.exited;
  if (!child.signalCode) return code;
  return 128 + (constants.signals[child.signalCode as keyof typeof constants.signals] ?? 0);
}
