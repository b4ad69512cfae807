/**
 * The `<environment_context>` user message: tells the model where it works and under which
 * policies. Byte-compatible with the reference (`environment_context.rs`): two-space indentation,
 * `writable_roots` only when the policy lists extra roots, `shell` only when known.
 */
import { basename } from "node:path";
import type { AskForApproval, ResponseItem, SandboxPolicy } from "@codex/protocol";

export type EnvironmentContext = {
  cwd: string | null;
  approvalPolicy: AskForApproval | null;
  sandboxPolicy: SandboxPolicy | null;
  /** Shell name such as `bash` or `zsh`; null when unknown. */
  shell: string | null;
};

const ENVIRONMENT_CONTEXT_OPEN = "<environment_context>";

/** The user's shell name from `$SHELL`, when it is one the reference names. */
export function detectShellName(env: Record<string, string | undefined> = process.env): string | null {
  const shell = env.SHELL;
  if (!shell) return null;
  const name = basename(shell);
  return ["bash", "zsh", "sh", "fish", "powershell", "pwsh"].includes(name) ? name : null;
}

export function renderEnvironmentContext(ctx: EnvironmentContext): string {
  const lines = [ENVIRONMENT_CONTEXT_OPEN];
  if (ctx.cwd !== null) lines.push(`  <cwd>${ctx.cwd}</cwd>`);
  if (ctx.approvalPolicy !== null) lines.push(`  <approval_policy>${ctx.approvalPolicy}</approval_policy>`);
  const policy = ctx.sandboxPolicy;
  if (policy !== null) {
    lines.push(`  <sandbox_mode>${policy.mode}</sandbox_mode>`);
    const network =
      policy.mode === "danger-full-access" || (policy.mode === "workspace-write" && policy.network_access)
        ? "enabled"
        : "restricted";
    lines.push(`  <network_access>${network}</network_access>`);
    if (policy.mode === "workspace-write" && policy.writable_roots.length > 0) {
      lines.push("  <writable_roots>");
      for (const root of policy.writable_roots) lines.push(`    <root>${root}</root>`);
      lines.push("  </writable_roots>");
    }
  }
  if (ctx.shell !== null) lines.push(`  <shell>${ctx.shell}</shell>`);
  lines.push("</environment_context>");
  return lines.join("\n");
}

export function environmentContextMessage(ctx: EnvironmentContext): ResponseItem {
  return {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: renderEnvironmentContext(ctx) }],
  };
}
