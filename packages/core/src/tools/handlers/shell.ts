/**
 * The `shell` tool (also reached as `container.exec` and the Responses `local_shell` built-in):
 * runs an argv where the orchestrator says (sandboxed or not), or — when the argv is really an
 * apply_patch invocation — verifies and applies the patch instead of running any shell. A likely
 * sandbox denial is reported to the orchestrator, which may offer a rerun without the sandbox.
 */
import { isAbsolute, resolve } from "node:path";
import { detectApplyPatchInvocation } from "@codex/apply-patch";
import { isLikelySandboxDenial } from "@codex/sandbox";
import { formatExecResult } from "../exec/format.ts";
import { runExecCommand } from "../exec/run-command.ts";
import { sandboxAvailable } from "../exec/sandbox-adapter.ts";
import { DEFAULT_EXEC_TIMEOUT_MS } from "../exec/spawn.ts";
import { patchApprovalRequirement } from "../patch/approval.ts";
import { type PrepareOutcome, prepareHunks, verificationMessage } from "../patch/prepare.ts";
import { runPreparedPatch } from "../patch/run-patch.ts";
import { assessCommandSafety } from "../safety/assess.ts";
import {
  type ApprovalRequirement,
  parseFunctionArguments,
  type RulesTarget,
  type ToolCall,
  type ToolContext,
  type ToolHandler,
  ToolInputError,
  type ToolResult,
  type ToolRunContext,
} from "../types.ts";
import { useTextForm } from "./output-form.ts";
import { SHELL_TOOL_SPEC } from "./shell-spec.ts";

type ShellArgs = {
  command: string[];
  workdir: string | null;
  timeoutMs: number;
  withEscalatedPermissions: boolean;
  justification: string | null;
};

function parseShellArgs(call: ToolCall): ShellArgs {
  if (call.payload.kind === "local_shell") {
    const { action } = call.payload;
    return {
      command: action.command,
      workdir: action.working_directory ?? null,
      timeoutMs: action.timeout_ms ?? DEFAULT_EXEC_TIMEOUT_MS,
      withEscalatedPermissions: false,
      justification: null,
    };
  }
  const args = parseFunctionArguments(call);
  const { command, workdir, timeout_ms, with_escalated_permissions, justification } = args;
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === "string"))
    throw new ToolInputError(
      "failed to parse function arguments: `command` must be a non-empty array of strings",
    );
  if (workdir !== undefined && workdir !== null && typeof workdir !== "string")
    throw new ToolInputError("failed to parse function arguments: `workdir` must be a string");
  if (
    timeout_ms !== undefined &&
    timeout_ms !== null &&
    (typeof timeout_ms !== "number" || !(timeout_ms > 0))
  )
    throw new ToolInputError("failed to parse function arguments: `timeout_ms` must be a positive number");
  return {
    command: command as string[],
    workdir: typeof workdir === "string" ? workdir : null,
    timeoutMs: typeof timeout_ms === "number" ? Math.ceil(timeout_ms) : DEFAULT_EXEC_TIMEOUT_MS,
    withEscalatedPermissions: with_escalated_permissions === true,
    justification: typeof justification === "string" && justification.trim() !== "" ? justification : null,
  };
}

export function resolveCwd(ctx: ToolContext, workdir: string | null): string {
  if (workdir === null) return ctx.cwd;
  return isAbsolute(workdir) ? workdir : resolve(ctx.cwd, workdir);
}

function sessionKeyForCommand(argv: readonly string[]): string {
  return `exec:${JSON.stringify(argv)}`;
}

/** A command a tool wants to run, as the approval step judges it (shell and exec_command alike). */
export type CommandToApprove = {
  argv: string[];
  cwd: string;
  withEscalatedPermissions: boolean;
  justification: string | null;
};

/**
 * Whether `command` needs approval: an apply_patch invocation is judged as the patch it is; any
 * other command by its safety under the turn's policies.
 */
export async function commandApproval(
  command: CommandToApprove,
  ctx: ToolContext,
): Promise<ApprovalRequirement> {
  const invocation = detectApplyPatchInvocation(command.argv, { cwd: command.cwd });
  if (invocation.type !== "not_apply_patch") {
    const prepared = await preparedShellPatch(invocation);
    // A patch that does not verify is reported by `run` without running or writing anything.
    if (prepared.type === "error") return { type: "skip" };
    return patchApprovalRequirement(prepared.patch, ctx, command.justification);
  }
  const sandboxed =
    ctx.sandboxPolicy.mode !== "danger-full-access" &&
    (await sandboxAvailable({ backend: ctx.config.linux_sandbox_backend }));
  const check = assessCommandSafety({
    command: command.argv,
    approvalPolicy: ctx.approvalPolicy,
    sandboxPolicy: ctx.sandboxPolicy,
    approvedForSession: false,
    withEscalatedPermissions: command.withEscalatedPermissions,
    sandboxAvailable: sandboxed,
  });
  if (check.type === "auto_approve") return { type: "skip" };
  if (check.type === "reject") return { type: "forbidden", reason: `exec command rejected: ${check.reason}` };
  return {
    type: "ask",
    request: { type: "exec", command: command.argv, cwd: command.cwd, reason: command.justification },
    sessionKey: sessionKeyForCommand(command.argv),
    outsideSandbox: command.withEscalatedPermissions || !sandboxed,
  };
}

/** The argv the rules judge; none for an apply_patch invocation (a patch, not a command). */
function commandForRules(call: ToolCall, ctx: ToolContext): RulesTarget | null {
  const args = parseShellArgs(call);
  const cwd = resolveCwd(ctx, args.workdir);
  if (detectApplyPatchInvocation(args.command, { cwd }).type !== "not_apply_patch") return null;
  return { command: args.command, cwd };
}

function approval(call: ToolCall, ctx: ToolContext): Promise<ApprovalRequirement> {
  const args = parseShellArgs(call);
  return commandApproval(
    {
      argv: args.command,
      cwd: resolveCwd(ctx, args.workdir),
      withEscalatedPermissions: args.withEscalatedPermissions,
      justification: args.justification,
    },
    ctx,
  );
}

export type PatchInvocation = Exclude<
  ReturnType<typeof detectApplyPatchInvocation>,
  { type: "not_apply_patch" }
>;

function preparedShellPatch(invocation: PatchInvocation): Promise<PrepareOutcome> | PrepareOutcome {
  if (invocation.type === "implicit") return { type: "error", message: invocation.message };
  if (invocation.type === "parse_error")
    return { type: "error", message: verificationMessage(invocation.error) };
  return prepareHunks(invocation.parsed.hunks, invocation.cwd);
}

/** Verifies and applies a patch given as a command (`apply_patch <<'EOF' …`), as Codex does. */
export async function runShellPatch(invocation: PatchInvocation, ctx: ToolRunContext): Promise<ToolResult> {
  const prepared = await preparedShellPatch(invocation);
  if (prepared.type === "error") return { output: prepared.message, success: false };
  const { summary, success, deniedBySandbox } = await runPreparedPatch(prepared.patch, ctx);
  const output = formatExecResult(summary, { textForm: useTextForm(ctx) });
  return { output, success, ...(deniedBySandbox ? { deniedBySandbox } : {}) };
}

async function run(call: ToolCall, ctx: ToolRunContext): Promise<ToolResult> {
  const args = parseShellArgs(call);
  const cwd = resolveCwd(ctx, args.workdir);
  const invocation = detectApplyPatchInvocation(args.command, { cwd });
  if (invocation.type !== "not_apply_patch") return runShellPatch(invocation, ctx);

  const result = await runExecCommand(
    { argv: args.command, cwd, timeoutMs: args.timeoutMs, sandbox: ctx.sandbox },
    ctx,
  );
  if (result.type === "refused") return { output: result.message, success: false };
  const output = formatExecResult(
    { output: result.modelOutput, exitCode: result.exitCode, durationMs: result.durationMs },
    { textForm: useTextForm(ctx) },
  );
  const denied =
    result.sandboxed &&
    !result.timedOut &&
    !result.aborted &&
    isLikelySandboxDenial(result.exitCode, result.aggregatedOutput);
  if (!denied) return { output, success: result.exitCode === 0 };
  const retry = {
    type: "exec" as const,
    command: args.command,
    cwd,
    reason: "command failed; retry without sandbox?",
  };
  return { output, success: false, deniedBySandbox: { retry } };
}

export function createShellHandler(): ToolHandler {
  return {
    spec: SHELL_TOOL_SPEC,
    aliases: ["container.exec", "local_shell"],
    approval,
    commandForRules,
    run,
  };
}
