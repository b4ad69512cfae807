/**
 * What one turn works with. The session builds it per turn; the loop's steps only read it (and
 * commit to `history` through `commitItems`/`commitToolOutput`, and add to `usage`).
 */

import type {
  AskForApproval,
  EventMsg,
  ReasoningEffort,
  ReasoningSummary,
  ResponseItem,
  ReviewDecision,
  SandboxPolicy,
  TokenUsage,
} from "@codex/protocol";
import type { ModelClient } from "../client/types.ts";
import type { TurnCompaction } from "../compact/session-compactor.ts";
import type { Config } from "../config/types.ts";
import type { SessionRules } from "../tools/call-gates.ts";
import type { SessionNetwork } from "../tools/exec/session-network.ts";
import type { ApprovalMemory } from "../tools/orchestrator.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import type { ToolHooks } from "../tools/tool-hooks.ts";
import type { ApprovalRequest } from "../tools/types.ts";

/** Per-turn settings (the session's defaults with the turn's overrides applied). */
export type TurnSettings = {
  cwd: string;
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  model: string;
  effort: ReasoningEffort | null;
  summary: ReasoningSummary;
};

export interface TurnRuntime {
  readonly turnId: string;
  readonly conversationId: string;
  readonly config: Config;
  readonly settings: TurnSettings;
  readonly instructions: string;
  readonly outputSchema: unknown | null;
  /** Called when the model begins a tool call (the workspace snapshot may start then). */
  readonly toolsComing?: () => void;
  /**
   * Called before the turn's first tool call runs; tools wait for what it returns (the workspace
   * snapshot that undo restores from). Never rejects.
   */
  readonly beforeTools?: () => Promise<void>;
  /** Headers every request of this session carries (`x-openai-subagent` for a review sub-thread). */
  readonly requestHeaders?: Record<string, string>;
  readonly client: ModelClient;
  readonly registry: ToolRegistry;
  readonly approvedForSession: ApprovalMemory;
  /** The user's rules, checked before every command a tool would run. */
  readonly rules?: SessionRules;
  /** The session's network allow-list proxy (null when its profile uses none). */
  readonly network?: SessionNetwork | null;
  /** PreToolUse / PostToolUse hooks around every tool call. */
  readonly toolHooks?: ToolHooks;
  readonly signal: AbortSignal;
  /** The conversation so far; the loop appends each response's items and tool outputs. */
  readonly history: ResponseItem[];
  /** Cumulative usage of the whole session. */
  usage: TokenUsage;
  /** Base delay of the stream retry backoff (ms). */
  readonly retryBaseDelayMs: number;
  emit(msg: EventMsg): void;
  /** False when the front end reads no `command_output_delta` (CreateSessionOptions.commandOutputDeltas). */
  readonly outputDeltas?: boolean;
  nextItemId(): string;
  requestApproval(callId: string, request: ApprovalRequest): Promise<ReviewDecision>;
  /** Compaction hooks (auto before a request, compact-and-retry on a context-length error). */
  readonly compaction?: TurnCompaction | null;
  /** Hands newly recorded conversation items to the rollout recorder, if any. */
  record(items: readonly ResponseItem[]): void;
}

/**
 * Adds items to the conversation: to the history the next request sends, and to the rollout at
 * once (one write per record, so a killed process keeps them).
 */
export function commitItems(rt: TurnRuntime, items: readonly ResponseItem[]): void {
  rt.history.push(...items);
  rt.record(items);
}

/**
 * Commits a tool call's output (and what the call injected). In the history it goes right after
 * its call, so each request shows every call with its answer in the model's order, however the
 * call's run and the rest of the stream interleaved; the rollout gets it at once, in time order.
 */
export function commitToolOutput(rt: TurnRuntime, callId: string, items: readonly ResponseItem[]): void {
  const call = rt.history.findLastIndex(
    (item) =>
      (item.type === "function_call" ||
        item.type === "custom_tool_call" ||
        item.type === "local_shell_call") &&
      item.call_id === callId,
  );
  if (call === -1) rt.history.push(...items);
  else rt.history.splice(call + 1, 0, ...items);
  rt.record(items);
}
