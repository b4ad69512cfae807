/**
 * The approval decision (`assess_command_safety`, `assess_patch_safety`): whether a command or
 * patch runs without asking, needs a human's answer, or is refused outright. The matrix is Codex
 * 0.47's, with one change from 0.169: under `untrusted` every command asks (only the user's rules,
 * judged after this in `call-gates.ts`, let one through); the known-safe list spares questions
 * only under the other policies. Where a call runs is not decided here: the orchestrator sandboxes
 * every call unless the policy is danger-full-access or a human approved an escalation
 * (known-safe means "no question", never "no sandbox").
 */
import type { AskForApproval, SandboxPolicy } from "@codex/protocol";
import { commandMightBeDangerous } from "./dangerous-commands.ts";
import { isKnownSafeCommand } from "./safe-commands.ts";

export type SafetyCheck =
  | { type: "auto_approve" }
  | { type: "ask_user" }
  | { type: "reject"; reason: string };

export const REJECT_DANGEROUS = "dangerous command detected; rejected by user approval settings";
export const REJECT_NOT_TRUSTED = "auto-rejected because command is not on trusted list";
export const REJECT_PATCH_OUTSIDE = "writing outside of the project; rejected by user approval settings";

export type CommandSafetyInput = {
  command: readonly string[];
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  /** The human approved this exact argv earlier in the session ("approved_for_session"). */
  approvedForSession: boolean;
  withEscalatedPermissions: boolean;
  /** Whether a platform sandbox can run commands on this machine. */
  sandboxAvailable: boolean;
};

export function assessCommandSafety(input: CommandSafetyInput): SafetyCheck {
  const { approvalPolicy } = input;
  if (commandMightBeDangerous(input.command) && !input.approvedForSession)
    return approvalPolicy === "never" ? { type: "reject", reason: REJECT_DANGEROUS } : { type: "ask_user" };
  if (input.approvedForSession) return { type: "auto_approve" };
  // 0.169 asks about every command under `untrusted`, `echo` and `ls` included: the user chose to
  // be asked, and a safe-looking command line is the model's claim, not the user's.
  if (approvalPolicy === "untrusted") return { type: "ask_user" };
  if (isKnownSafeCommand(input.command)) return { type: "auto_approve" };
  return assessUntrustedCommand(input);
}

/** The policy matrix for a command that is neither known-safe nor approved for the session. */
function assessUntrustedCommand(
  input: Pick<
    CommandSafetyInput,
    "approvalPolicy" | "sandboxPolicy" | "withEscalatedPermissions" | "sandboxAvailable"
  >,
): SafetyCheck {
  const { approvalPolicy, sandboxPolicy, sandboxAvailable } = input;
  if (sandboxPolicy.mode === "danger-full-access") return { type: "auto_approve" };
  if (approvalPolicy === "on-request") {
    if (input.withEscalatedPermissions) return { type: "ask_user" };
    return sandboxAvailable ? { type: "auto_approve" } : { type: "ask_user" };
  }
  // on-failure or never, with read-only or workspace-write
  if (sandboxAvailable) return { type: "auto_approve" };
  return approvalPolicy === "on-failure"
    ? { type: "ask_user" }
    : { type: "reject", reason: REJECT_NOT_TRUSTED };
}

export type PatchSafetyInput = {
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  /** Whether every path the patch writes (adds, deletes, updates, move targets) is writable. */
  constrainedToWritableRoots: boolean;
  /** Whether the patch touches no file at all. */
  empty: boolean;
  sandboxAvailable: boolean;
};

export function assessPatchSafety(input: PatchSafetyInput): SafetyCheck {
  if (input.empty) return { type: "reject", reason: "empty patch" };
  const { approvalPolicy, sandboxPolicy } = input;
  if (approvalPolicy === "untrusted") return { type: "ask_user" };
  if (input.constrainedToWritableRoots || approvalPolicy === "on-failure") {
    if (input.sandboxAvailable) return { type: "auto_approve" };
    if (sandboxPolicy.mode === "danger-full-access") return { type: "auto_approve" };
    return { type: "ask_user" };
  }
  if (approvalPolicy === "never") return { type: "reject", reason: REJECT_PATCH_OUTSIDE };
  return { type: "ask_user" };
}
