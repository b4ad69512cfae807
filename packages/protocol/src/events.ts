/** Events: what a session sends out. Each carries the id of the submission it answers. */
import type { FileUpdateChange, PlanStep, ThreadItem } from "./items.ts";
import type { TokenUsage } from "./models.ts";
import type { AskForApproval, ReasoningEffort, SandboxPolicy } from "./policy.ts";
import type { ReviewOutput, ReviewRequest } from "./review.ts";

export type TokenUsageInfo = {
  total_token_usage: TokenUsage;
  last_token_usage: TokenUsage;
  model_context_window: number | null;
};

/** One message of a resumed conversation, as front ends show it. */
export type InitialMessage = { role: "user" | "assistant"; text: string };

/** One line of the prompt history (`get_history_entry_request`): a prompt typed in some session. */
export type HistoryEntry = { conversation_id: string; ts: number; text: string };

/**
 * A custom prompt (`list_custom_prompts`): `content` is the file's text after its frontmatter;
 * front ends expand `$1`..`$9` and `$ARGUMENTS` when it is used.
 */
export type CustomPrompt = {
  name: string;
  path: string;
  content: string;
  description?: string;
  argument_hint?: string;
};

/** A file `thread_rollback` with `restore_files` put back (absolute path). */
export type RestoredFile = { path: string; action: "restored" | "removed" | "recreated" };

export type McpToolInfo = { server: string; name: string; qualified_name: string; description?: string };

/** A skill the session found (`list_skills`). */
export type SkillInfo = {
  name: string;
  description: string;
  /** Absolute path of its SKILL.md. */
  path: string;
  /** Found in the repository (`.codex/skills`, `.agents/skills`) or the user's folders. */
  scope: "repo" | "user";
};

/** A command `exec_command` left running (`/ps`). */
export type BackgroundTerminalInfo = {
  /** The session id the model polls it by. */
  id: number;
  command: string;
  cwd: string;
  tty: boolean;
  running_ms: number;
};

export type EventMsg =
  | {
      type: "session_configured";
      session_id: string;
      model: string;
      model_provider: string;
      cwd: string;
      approval_policy: AskForApproval;
      sandbox_policy: SandboxPolicy;
      reasoning_effort: ReasoningEffort | null;
      /** Path of the rollout file recording this session, when one is kept. */
      rollout_path: string | null;
      /** A resumed session's earlier conversation (user and assistant messages), for display. */
      initial_messages?: InitialMessage[];
      /** The prompt history log: its identity and size, for `get_history_entry_request` (0/0: none). */
      history_log_id: number;
      history_entry_count: number;
    }
  /**
   * The settings coming turns use, sent whenever `override_turn_context` (or a turn's own
   * overrides) changed them: front ends draw the model and policies from this, not from what
   * they asked for.
   */
  | {
      type: "turn_context_changed";
      cwd: string;
      model: string;
      reasoning_effort: ReasoningEffort | null;
      approval_policy: AskForApproval;
      sandbox_policy: SandboxPolicy;
    }
  | { type: "turn_started"; turn_id: string; model_context_window: number | null }
  | { type: "turn_completed"; turn_id: string; last_agent_message: string | null; usage: TokenUsage }
  /** The turn ended because of an error (already reported with an `error` event). */
  | { type: "turn_failed"; turn_id: string; error: { message: string }; usage: TokenUsage }
  | { type: "turn_aborted"; turn_id: string; reason: "interrupted" | "replaced" }
  | { type: "item_started"; item: ThreadItem }
  | { type: "item_updated"; item: ThreadItem }
  | { type: "item_completed"; item: ThreadItem }
  /** Streaming text of an agent message or reasoning item not yet completed. */
  | { type: "agent_message_delta"; item_id: string; delta: string }
  | { type: "reasoning_delta"; item_id: string; delta: string }
  | { type: "command_output_delta"; item_id: string; stream: "stdout" | "stderr"; chunk: string }
  | {
      type: "exec_approval_request";
      call_id: string;
      command: string[];
      cwd: string;
      /** Why the model asks (its `justification`) or why the policy asks. */
      reason: string | null;
      /** The command prefix "approve and don't ask again" would write as an allow rule. */
      proposed_execpolicy_amendment?: string[];
    }
  | {
      /**
       * codex-ts: the allow-list proxy refused a host no rule lists. A front end may offer to allow
       * it for the rest of the session or always (answered with the `network_approval` op).
       */
      type: "network_approval_request";
      host: string;
      port: number;
      /** The permission profile whose `network.domains` would take it. */
      profile: string;
    }
  | {
      type: "apply_patch_approval_request";
      call_id: string;
      changes: FileUpdateChange[];
      unified_diff: string;
      reason: string | null;
    }
  | { type: "token_count"; info: TokenUsageInfo }
  | { type: "plan_update"; explanation: string | null; plan: PlanStep[] }
  | { type: "turn_diff"; unified_diff: string }
  /** A retryable problem (for example "Reconnecting... 1/5 (why)"); the turn goes on. */
  | { type: "stream_error"; message: string }
  /** A fatal error for the current turn. */
  | { type: "error"; message: string }
  | { type: "warning"; message: string }
  | { type: "background_event"; message: string }
  | { type: "mcp_list_tools_response"; tools: McpToolInfo[] }
  /** A review started (its sub-thread runs until `exited_review_mode`). */
  | { type: "entered_review_mode"; review_request: ReviewRequest & { user_facing_hint: string } }
  /** A review ended; null output when it was interrupted or failed. */
  | { type: "exited_review_mode"; review_output: ReviewOutput | null }
  /** The last `num_turns` turns were dropped from the conversation (`thread_rollback`). */
  | { type: "thread_rolled_back"; num_turns: number; restored_files?: RestoredFile[] }
  /** `entry` is absent when the offset is out of range or the log changed since it was counted. */
  | { type: "get_history_entry_response"; offset: number; log_id: number; entry?: HistoryEntry }
  | { type: "list_custom_prompts_response"; custom_prompts: CustomPrompt[] }
  | { type: "background_terminals_response"; terminals: BackgroundTerminalInfo[] }
  /** A user hook started (`hooks.json`, `[hooks]`); `event_name` is 0.169's (`PreToolUse`, …). */
  | { type: "hook_started"; event_name: string; status_message: string | null }
  /** A user hook ended: `message` is why it blocked or failed (or its `systemMessage`). */
  | {
      type: "hook_completed";
      event_name: string;
      status: "completed" | "blocked" | "failed";
      message: string | null;
    }
  | { type: "list_skills_response"; skills: SkillInfo[] }
  | { type: "shutdown_complete" };

export type EventMsgType = EventMsg["type"];

/** One event from the session; `id` is the submission id it belongs to. */
export type Event = { id: string; msg: EventMsg };
