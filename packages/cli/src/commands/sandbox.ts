/** `codex sandbox linux|macos [--full-auto] -- CMD…` and `codex sandbox --probe`. */
import { loadConfig } from "@codex/core";
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
  // As in Codex CLI: --full-auto means workspace-write (with config's writable roots), else read-only.
  const policy: SandboxPolicy = flag(parsed, "full-auto")
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
