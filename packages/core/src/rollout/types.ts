/**
 * The rollout file format: one JSON object per line, `{timestamp, type, payload}`, the same shapes
 * Codex CLI writes to `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl`, so sessions
 * move between the two implementations.
 */
import type {
  AskForApproval,
  ReasoningEffort,
  ReasoningSummary,
  ResponseItem,
  SandboxPolicy,
  TokenUsageInfo,
} from "@codex/protocol";

/**
 * Who started the session (`source` in session_meta). A sub-thread (a review) names its kind, as
 * Codex 0.169 writes it: `{"subagent": "review"}`; pickers and `--last` leave those out.
 */
export type SessionSource = "cli" | "vscode" | "exec" | "mcp" | "unknown" | { subagent: string };

/** The source as one word, for pickers, filters and app-server (a sub-thread is `subagent`). */
export type SessionSourceName = Exclude<SessionSource, object> | "subagent";

export function sessionSourceName(source: SessionSource | undefined): SessionSourceName {
  if (source === undefined) return "unknown";
  return typeof source === "object" ? "subagent" : source;
}

export type GitInfo = {
  commit_hash?: string;
  branch?: string;
  repository_url?: string;
};

/** First line of every rollout file. */
export type SessionMeta = {
  id: string;
  /** When the session started, ISO 8601 UTC with milliseconds. */
  timestamp: string;
  cwd: string;
  originator: string;
  cli_version: string;
  /** The user instructions (AGENTS.md) in force when the session started, if any. */
  instructions: string | null;
  source: SessionSource;
  model_provider?: string;
  git?: GitInfo;
  /** A sub-thread's parent session (a review's). */
  parent_thread_id?: string;
  /** The session this one was forked from (its history was copied here first). */
  forked_from_id?: string;
};

/** Settings of one turn, written when a turn starts (and before a compaction). */
export type TurnContextItem = {
  cwd: string;
  approval_policy: AskForApproval;
  sandbox_policy: SandboxPolicy;
  model: string;
  effort: ReasoningEffort | null;
  summary: ReasoningSummary;
};

/**
 * A compaction. `message` is the model's summary (what Codex writes). `replacement_history` is the
 * exact history that replaced the old one; readers that find it use it as is, otherwise they rebuild
 * the history from the summary and the earlier user messages.
 */
export type CompactedItem = {
  message: string;
  replacement_history?: ResponseItem[];
};

/** The events worth keeping in a rollout (Codex's persisted `EventMsg` subset, same JSON). */
export type RolloutEventMsg =
  | { type: "user_message"; message: string; kind?: string; images?: string[] | null }
  | { type: "agent_message"; message: string }
  | { type: "agent_reasoning"; text: string }
  | { type: "agent_reasoning_raw_content"; text: string }
  | { type: "token_count"; info: TokenUsageInfo | null; rate_limits?: unknown }
  | { type: "turn_aborted"; reason: "interrupted" | "replaced" | "review_ended" }
  | { type: "context_compacted" }
  /** The last `num_turns` turns are no longer part of the conversation (Codex 0.169's marker). */
  | { type: "thread_rolled_back"; num_turns: number }
  | { type: "entered_review_mode"; [key: string]: unknown }
  | { type: "exited_review_mode"; [key: string]: unknown };

export type RolloutItem =
  | { type: "session_meta"; payload: SessionMeta }
  | { type: "response_item"; payload: ResponseItem }
  | { type: "turn_context"; payload: TurnContextItem }
  | { type: "event_msg"; payload: RolloutEventMsg }
  | { type: "compacted"; payload: CompactedItem };

export type RolloutItemType = RolloutItem["type"];

/** One line of a rollout file. */
export type RolloutLine = RolloutItem & { timestamp: string };

export const ROLLOUT_ITEM_TYPES: readonly RolloutItemType[] = [
  "session_meta",
  "response_item",
  "turn_context",
  "event_msg",
  "compacted",
];
