/**
 * Starts what the turn's sandbox keeps running (the bwrap tier's session sandbox) as soon as the
 * model begins a tool call, so that the command finds it up: its arguments are still streaming.
 * A turn that only answers starts nothing (a bwrap and the process machinery would cost it
 * ~1.2 MiB for nothing).
 */
import { createChildEnv } from "../tools/exec/env.ts";
import { warmTurnSandbox } from "../tools/exec/sandbox-adapter.ts";
import type { TurnRuntime } from "./turn-runtime.ts";

const warmed = new WeakSet<TurnRuntime>();

export function warmSandboxForTools(rt: TurnRuntime): void {
  // Commands that go through the allow-list proxy get a sandbox of their own each.
  if (warmed.has(rt) || rt.network) return;
  warmed.add(rt);
  warmTurnSandbox({
    policy: rt.settings.sandboxPolicy,
    sandboxCwd: rt.settings.cwd,
    env: createChildEnv(rt.config.shell_environment_policy, process.env),
    backend: rt.config.linux_sandbox_backend,
    sandboxScope: rt.conversationId,
  });
}
