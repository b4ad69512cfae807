/**
 * The contract between the turn loop and every tool (shell, apply_patch, update_plan, view_image,
 * MCP tools, …). A tool is data (its `ToolSpec`) plus a handler. Every call goes through the
 * orchestrator (`orchestrator.ts`): parse → approval (the handler says whether one is needed, the
 * orchestrator asks the front end under the turn's approval policy) → sandbox choice → `run` →
 * result → the output item sent back to the model. Handlers never talk to a front end directly:
 * they emit protocol events through the context and ask for approvals through it (those become
 * `exec_approval_request` / `apply_patch_approval_request` events answered by ops).
 */

import type {
  AskForApproval,
  EventMsg,
  FileUpdateChange,
  LocalShellAction,
  ResponseItem,
  ReviewDecision,
  SandboxPolicy,
} from "@codex/protocol";
import type { ToolSpec } from "../client/types.ts";
import type { Config, ShellEnvironmentPolicy } from "../config/types.ts";
import type { SessionNetwork } from "./exec/session-network.ts";

/** How a call's payload arrived from the model. */
export type ToolPayload =
  /** A `function_call`: `arguments` is the raw JSON text the model wrote (may be invalid). */
  | { kind: "function"; arguments: string }
  /** A `custom_tool_call` (freeform tools such as apply_patch): the raw input text. */
  | { kind: "custom"; input: string }
  /** A Responses `local_shell_call` (codex-mini): the action as sent. */
  | { kind: "local_shell"; action: LocalShellAction };

/** One tool call from a model response. */
export type ToolCall = {
  /** The name the model called (for MCP tools, the qualified `server__tool`). */
  name: string;
  callId: string;
  payload: ToolPayload;
};

/**
 * What a tool returns to the model. The orchestrator wraps it in `function_call_output` or
 * `custom_tool_call_output` according to the payload kind. `success: false` marks a failed call
 * (the text still goes to the model; the loop goes on). `deniedBySandbox` says the sandbox probably
 * stopped the call; where the approval policy allows it, the orchestrator asks `retry` and, when
 * approved, runs the call again without the sandbox.
 */
export type ToolResult = { output: string; success: boolean; deniedBySandbox?: { retry: ApprovalRequest } };

/** An exec approval the handler wants before running (becomes `exec_approval_request`). */
type ExecApprovalRequest = {
  type: "exec";
  command: string[];
  cwd: string;
  reason: string | null;
  /** The prefix a "don't ask again for commands starting with …" answer would remember. */
  proposedAmendment?: string[];
};

/** A patch approval the handler wants before applying (becomes `apply_patch_approval_request`). */
type PatchApprovalRequest = {
  type: "patch";
  changes: FileUpdateChange[];
  unifiedDiff: string;
  reason: string | null;
};

export type ApprovalRequest = ExecApprovalRequest | PatchApprovalRequest;

/**
 * What a handler's `approval` step decides for one call, given the turn's policies. It decides
 * whether to ask, never where the call runs (that is the orchestrator's sandbox choice).
 * - `skip`: run without asking (a known-safe command, or the policy never asks).
 * - `ask`: the orchestrator asks the front end (unless the policy is `never`, in which case the
 *   call is refused with a message to the model); `sessionKey`, when set, lets an
 *   "approved_for_session" answer cover later calls with the same key. `outsideSandbox`: approving
 *   it means running it without the sandbox (the model asked for escalated permissions, the patch
 *   writes outside the writable roots, or no sandbox can run here); otherwise the approved call
 *   still runs sandboxed.
 * - `forbidden`: refuse without asking; `reason` goes to the model.
 */
export type ApprovalRequirement =
  /** `bypassSandbox`: the user's rules allow every part of the command (it runs unsandboxed, as in 0.169). */
  | { type: "skip"; bypassSandbox?: boolean }
  | {
      type: "ask";
      request: ApprovalRequest;
      sessionKey?: string;
      outsideSandbox?: boolean;
      /** The command prefix the human may approve for good (written as an allow rule). */
      amendment?: string[];
    }
  | { type: "forbidden"; reason: string };

/** The command line a call would run, as the user's rules see it (see `call-gates.ts`). */
export type RulesTarget = { command: string[]; cwd: string };

/**
 * Where a call runs, chosen by the orchestrator (and only there):
 * - `none`: no sandbox (policy `danger-full-access`, or a human approved running it outside).
 * - `sandboxed`: must run under `policy` (with `@codex/sandbox`). A handler that cannot sandbox
 *   must refuse with a clear message, never run it unsandboxed.
 */
export type SandboxChoice = { type: "none" } | { type: "sandboxed"; policy: SandboxPolicy };

/** Everything a handler may use while handling one call. */
export interface ToolContext {
  readonly callId: string;
  /** The turn's working directory (absolute). */
  readonly cwd: string;
  /** The conversation the call belongs to: its sandboxed commands share what the sandbox keeps running. */
  readonly conversationId?: string;
  readonly approvalPolicy: AskForApproval;
  readonly sandboxPolicy: SandboxPolicy;
  readonly shellEnvironmentPolicy: ShellEnvironmentPolicy;
  /** The whole resolved config, read-only, for the rare setting not listed above. */
  readonly config: Config;
  /** The session's network allow-list proxy, when its permission profile uses one. */
  readonly network?: SessionNetwork | null;
  /** Names of the tools offered to the model this turn (e.g. to pick an output format). */
  readonly offeredTools: ReadonlySet<string>;
  /** Aborted when the turn is interrupted: stop work, kill children, return promptly. */
  readonly signal: AbortSignal;
  /** Sends a protocol event to the front end (item_started, command_output_delta, plan_update, …). */
  emit(msg: EventMsg): void;
  /** False when the front end reads no `command_output_delta` (default true): commands skip them. */
  readonly outputDeltas?: boolean;
  /** A fresh thread item id (`item_N`). */
  nextItemId(): string;
  /**
   * Asks the front end for an approval in the middle of a run (e.g. escalation after a sandbox
   * denial under `on-failure`). Resolves with the human's decision; `abort` also interrupts the turn.
   */
  requestApproval(request: ApprovalRequest): Promise<ReviewDecision>;
  /**
   * Adds items to the conversation right after this call's output (e.g. the image `view_image`
   * was asked to show, as a user message), so the model sees them in its next request.
   */
  injectInput?(items: ResponseItem[]): void;
}

/** Context given to `run`: the base context plus what the orchestrator decided. */
export interface ToolRunContext extends ToolContext {
  readonly sandbox: SandboxChoice;
}

/**
 * A tool. Handlers are small objects; parse the payload in each step (it is cheap). Throwing
 * `ToolInputError` sends its message to the model as a failed call; any other exception is
 * reported to the model as "tool NAME failed: MESSAGE".
 */
export interface ToolHandler {
  /** The tool as offered to the model; `spec.name` (or the type for built-ins) is its name. */
  readonly spec: ToolSpec;
  /** Other names that reach this handler (e.g. `container.exec`, `local_shell` for shell). */
  readonly aliases?: readonly string[];
  /** Decides whether the call needs approval. Absent means `skip`. */
  approval?(call: ToolCall, ctx: ToolContext): ApprovalRequirement | Promise<ApprovalRequirement>;
  /**
   * The command line this call would run, for the user's rules (shell-like tools); null or absent
   * when the call runs no command (a patch, a plan update).
   */
  commandForRules?(call: ToolCall, ctx: ToolContext): RulesTarget | null;
  /** Runs the call. Must honour `ctx.signal` and `ctx.sandbox`. */
  run(call: ToolCall, ctx: ToolRunContext): Promise<ToolResult>;
}

/** An error in the model's call (bad JSON, missing field): its message goes back to the model. */
export class ToolInputError extends Error {
  override name = "ToolInputError";
}

/** Name of a tool spec: the function/custom name, or the built-in type. */
export function toolSpecName(spec: ToolSpec): string {
  return spec.type === "function" || spec.type === "custom" ? spec.name : spec.type;
}

/** Parses a function call's JSON arguments, throwing `ToolInputError` with a message for the model. */
export function parseFunctionArguments(call: ToolCall): Record<string, unknown> {
  if (call.payload.kind !== "function")
    throw new ToolInputError(`${call.name} expects function-call arguments`);
  let value: unknown;
  try {
    value = JSON.parse(call.payload.arguments || "{}");
  } catch (error) {
    throw new ToolInputError(
      `failed to parse function arguments: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ToolInputError("failed to parse function arguments: expected a JSON object");
  return value as Record<string, unknown>;
}
