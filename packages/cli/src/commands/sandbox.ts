/** `codex sandbox linux|macos [--full-auto] -- CMD…` and `codex sandbox --probe`. */
import { type Config, loadConfig, SessionNetwork } from "@codex/core";
import type { SandboxPolicy } from "@codex/protocol";
import { probeSandbox, runSandboxCommand as runInSandbox } from "@codex/sandbox";
import { flag } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

export async function runSandboxCommand(parsed: ParsedCommand): Promise<number> {
  // The command's stdout and stderr are the user's: config warnings stay out of them.
  const { config } = loadConfig({ ...configOptionsFromFlags(parsed, "exec"), onWarning: () => {} });
  const platform = parsed.path[2] as "linux" | "macos" | undefined;
  if (!platform) {
    if (!flag(parsed, "probe")) {
      process.stderr.write(
        "usage: codex sandbox linux|macos [--full-auto] -- CMD…, or codex sandbox --probe\n",
      );
      return 2;
    }
    const probe = probeSandbox({ backend: config.linux_sandbox_backend });
    console.log(probe.summary);
    for (const line of probe.details) console.log(`  ${line}`);
    return probe.tier === null ? 1 : 0;
  }
  const fullAuto = flag(parsed, "full-auto");
  // A permission profile with a network allow-list applies as in Codex 0.169's `codex sandbox`.
  if (!fullAuto && config.network_proxy) return runWithAllowList(parsed, config, platform);
  // As in Codex CLI: --full-auto means workspace-write (with config's writable roots), else read-only.
  const policy: SandboxPolicy = fullAuto
    ? { mode: "workspace-write", ...config.sandbox_workspace_write }
    : { mode: "read-only" };
  return runInSandbox({
    platform,
    policy,
    command: (parsed.positionals.COMMAND as string[] | undefined) ?? [],
    cwd: config.cwd,
    backend: config.linux_sandbox_backend,
  });
}

/** The profile's policy, its network through the session's proxy; refused hosts listed after. */
async function runWithAllowList(parsed: ParsedCommand, config: Config, platform: "linux" | "macos") {
  const settings = config.network_proxy!;
  const options = {
    platform,
    policy: config.sandbox_policy,
    command: (parsed.positionals.COMMAND as string[] | undefined) ?? [],
    cwd: config.cwd,
    backend: config.linux_sandbox_backend,
  };
  if (probeSandbox({ backend: config.linux_sandbox_backend }).tier !== "bwrap") {
    process.stderr.write(
      `codex sandbox: the network allow-list of [permissions.${settings.profile}] needs the bubblewrap sandbox tier; the command runs with no network (${platform === "macos" ? "macOS is not supported yet" : "install bubblewrap to use it"}).\n`,
    );
    return runInSandbox(options);
  }
  const network = new SessionNetwork(settings);
  try {
    const mark = network.mark();
    const code = await runInSandbox({ ...options, networkProxy: await network.route() });
    for (const line of network.blockedSince(mark)) process.stderr.write(`codex sandbox: ${line}\n`);
    return code;
  } finally {
    await network.close();
  }
}
