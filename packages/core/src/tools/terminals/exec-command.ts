/**
 * `exec_command`: runs `cmd` through a shell (`<shell> -lc <cmd>`) as a background terminal, on
 * pipes or a PTY, and returns what it printed within `yield_time_ms`, with its exit code or the
 * session id to poll it by. Approval and sandboxing are those of every command: the same safety
 * check and approval request as `shell`, the orchestrator's sandbox choice, the same spawn
 * preparation (bwrap or Landlock), and an `apply_patch` heredoc is applied as a patch.
 */
import { statSync } from "node:fs";
import { detectApplyPatchInvocation } from "@codex/apply-patch";
import { isLikelySandboxDenial } from "@codex/sandbox";
import { createChildEnv } from "../exec/env.ts";
import { capturedText } from "../exec/format.ts";
import { prepareToolSpawn } from "../exec/prepare-tool-spawn.ts";
import { shellJoin } from "../exec/shell-join.ts";
import { commandApproval, resolveCwd, runShellPatch } from "../handlers/shell.ts";
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
import { DEFAULT_MAX_OUTPUT_TOKENS, formatTerminalResponse } from "./terminal-output.ts";
import { collectOutput, TerminalProcess } from "./terminal-process.ts";
import type { TerminalSessions } from "./terminal-sessions.ts";
import { EXEC_COMMAND_SPEC } from "./terminal-specs.ts";

const MIN_YIELD_TIME_MS = 250;
const MAX_YIELD_TIME_MS = 30_000;
const DEFAULT_EXEC_YIELD_TIME_MS = 10_000;
/** Output deltas streamed per command; later output still counts, it is just not streamed. */
const MAX_OUTPUT_DELTAS = 10_000;

/** What every command of a terminal sees, as in Codex 0.169: no colours, no pagers, UTF-8. */
const TERMINAL_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  LANG: "C.UTF-8",
  LC_CTYPE: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  COLORTERM: "",
  PAGER: "cat",
  GIT_PAGER: "cat",
  GH_PAGER: "cat",
  CODEX_CI: "1",
};

type ExecCommandArgs = {
  cmd: string;
  workdir: string | null;
  tty: boolean;
  yieldTimeMs: number;
  maxOutputTokens: number;
  login: boolean;
  shell: string;
  escalated: boolean;
  justification: string | null;
};

function optional<T>(args: Record<string, unknown>, key: string, type: string): T | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type)
    throw new ToolInputError(`failed to parse function arguments: \`${key}\` must be a ${type}`);
  return value as T;
}

export function clampYield(value: number | undefined, fallback: number): number {
  const chosen = value !== undefined && value > 0 ? value : fallback;
  return Math.min(MAX_YIELD_TIME_MS, Math.max(MIN_YIELD_TIME_MS, Math.floor(chosen)));
}

export function maxTokensOf(value: number | undefined): number {
  return value !== undefined && value >= 0 ? Math.floor(value) : DEFAULT_MAX_OUTPUT_TOKENS;
}

function defaultShell(): string {
  return process.env.SHELL?.trim() || "/bin/bash";
}

function parseExecCommandArgs(call: ToolCall): ExecCommandArgs {
  const args = parseFunctionArguments(call);
  if (args.cmd === undefined)
    throw new ToolInputError("failed to parse function arguments: missing field `cmd`");
  const cmd = optional<string>(args, "cmd", "string") ?? "";
  const permissions = optional<string>(args, "sandbox_permissions", "string") ?? "use_default";
  if (permissions !== "use_default" && permissions !== "require_escalated")
    throw new ToolInputError(
      'failed to parse function arguments: `sandbox_permissions` must be "use_default" or "require_escalated"',
    );
  const justification = optional<string>(args, "justification", "string")?.trim();
  return {
    cmd,
    workdir: optional<string>(args, "workdir", "string") ?? null,
    tty: optional<boolean>(args, "tty", "boolean") ?? false,
    yieldTimeMs: clampYield(optional<number>(args, "yield_time_ms", "number"), DEFAULT_EXEC_YIELD_TIME_MS),
    maxOutputTokens: maxTokensOf(optional<number>(args, "max_output_tokens", "number")),
    login: optional<boolean>(args, "login", "boolean") ?? true,
    shell: optional<string>(args, "shell", "string")?.trim() || defaultShell(),
    escalated: permissions === "require_escalated",
    justification: justification ? justification : null,
  };
}

function commandArgv(args: ExecCommandArgs): string[] {
  return [args.shell, args.login ? "-lc" : "-c", args.cmd];
}

function approval(call: ToolCall, ctx: ToolContext): Promise<ApprovalRequirement> {
  const args = parseExecCommandArgs(call);
  return commandApproval(
    {
      argv: commandArgv(args),
      cwd: resolveCwd(ctx, args.workdir),
      withEscalatedPermissions: args.escalated,
      justification: args.justification,
    },
    ctx,
  );
}

/** What the user's rules judge: the shell command line; none for an apply_patch invocation. */
function commandForRules(call: ToolCall, ctx: ToolContext): RulesTarget | null {
  const args = parseExecCommandArgs(call);
  const cwd = resolveCwd(ctx, args.workdir);
  const argv = commandArgv(args);
  if (detectApplyPatchInvocation(argv, { cwd }).type !== "not_apply_patch") return null;
  return { command: argv, cwd };
}

async function run(sessions: TerminalSessions, call: ToolCall, ctx: ToolRunContext): Promise<ToolResult> {
  const args = parseExecCommandArgs(call);
  const cwd = resolveCwd(ctx, args.workdir);
  const argv = commandArgv(args);
  const invocation = detectApplyPatchInvocation(argv, { cwd });
  if (invocation.type !== "not_apply_patch") return runShellPatch(invocation, ctx);
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory())
    return { output: `exec_command failed: working directory ${cwd} does not exist`, success: false };

  const env = { ...createChildEnv(ctx.shellEnvironmentPolicy, process.env), ...TERMINAL_ENV };
  // The same spawn as shell's, network allow-list route included.
  const prepared = await prepareToolSpawn(ctx, { sandbox: ctx.sandbox, argv, cwd, env });
  if (prepared.type === "refused") return { output: prepared.message, success: false };

  const itemId = ctx.nextItemId();
  const command = shellJoin(argv);
  ctx.emit({
    type: "item_started",
    item: { id: itemId, type: "command_execution", command, aggregated_output: "", status: "in_progress" },
  });
  let deltas = 0;
  let terminal: TerminalProcess;
  try {
    terminal = TerminalProcess.start({ ...prepared.spawn, cwd, tty: args.tty }, (chunk) => {
      if (ctx.outputDeltas !== false && deltas++ < MAX_OUTPUT_DELTAS)
        ctx.emit({ type: "command_output_delta", item_id: itemId, stream: "stdout", chunk });
    });
  } catch (error) {
    const message = `exec_command failed: could not start ${args.shell}: ${error instanceof Error ? error.message : String(error)}`;
    ctx.emit({
      type: "item_completed",
      item: {
        id: itemId,
        type: "command_execution",
        command,
        aggregated_output: message,
        exit_code: -1,
        status: "failed",
      },
    });
    return { output: message, success: false };
  }
  const entry = sessions.add(
    {
      process: terminal,
      command,
      cwd,
      tty: args.tty,
      itemId,
      ownsProcessTree: prepared.spawn.ownsProcessTree,
    },
    ctx.emit,
  );
  const { output, exit } = await collectOutput(terminal, args.yieldTimeMs, ctx.signal);
  if (ctx.signal.aborted) sessions.stop(entry.id);
  if (exit !== null) sessions.remove(entry.id);
  const notes = exit !== null ? prepared.networkNotes() : [];
  const response = formatTerminalResponse({
    output,
    wallMs: performance.now() - terminal.startedAt,
    status: exit ? { type: "exited", exitCode: exit.exitCode } : { type: "running", sessionId: entry.id },
    maxOutputTokens: args.maxOutputTokens,
  });
  const text = [response, ...notes].join("\n");
  const denied =
    exit !== null &&
    ctx.sandbox.type === "sandboxed" &&
    isLikelySandboxDenial(exit.exitCode, capturedText(terminal.aggregated()));
  if (!denied) return { output: text, success: exit === null || exit.exitCode === 0 };
  const retry = {
    type: "exec" as const,
    command: argv,
    cwd,
    reason: "command failed; retry without sandbox?",
  };
  return { output: text, success: false, deniedBySandbox: { retry } };
}

export function createExecCommandHandler(sessions: TerminalSessions): ToolHandler {
  return { spec: EXEC_COMMAND_SPEC, approval, commandForRules, run: (call, ctx) => run(sessions, call, ctx) };
}
