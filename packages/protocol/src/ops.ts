/** Submissions: what a front end sends into a session. Answers to approvals are ops too. */
import type {
  AskForApproval,
  ReasoningEffort,
  ReasoningSummary,
  ReviewDecision,
  SandboxPolicy,
} from "./policy.ts";
import type { ReviewRequest } from "./review.ts";

export const NETWORK_DECISIONS = ["approved_for_session", "approved_always", "denied"] as const;
export type NetworkDecision = (typeof NETWORK_DECISIONS)[number];

export type UserInput =
  | { type: "text"; text: string }
  /** A local image file; the session reads and attaches it. */
  | { type: "local_image"; path: string }
  /** An image already encoded as a URL (https: or data:). */
  | { type: "image"; image_url: string };

/** Settings that may change from one turn to the next. All optional: unset means "keep". */
export type TurnContextOverrides = {
  cwd?: string;
  approval_policy?: AskForApproval;
  sandbox_policy?: SandboxPolicy;
  model?: string;
  effort?: ReasoningEffort | null;
  summary?: ReasoningSummary;
};

export type Op =
  | ({ type: "user_turn"; items: UserInput[]; final_output_json_schema?: unknown } & TurnContextOverrides)
  | { type: "interrupt" }
  | { type: "exec_approval"; call_id: string; decision: ReviewDecision }
  | { type: "patch_approval"; call_id: string; decision: ReviewDecision }
  /** Answer to `network_approval_request`: `always` also writes the host into the profile. */
  | { type: "network_approval"; host: string; decision: NetworkDecision }
  | ({ type: "override_turn_context" } & TurnContextOverrides)
  | { type: "compact" }
  | { type: "add_to_history"; text: string }
  /** One entry of the history log named in `session_configured` (0 = oldest). */
  | { type: "get_history_entry_request"; offset: number; log_id: number }
  | { type: "list_custom_prompts" }
  | { type: "list_mcp_tools" }
  /** Runs a code review in a read-only sub-thread; its result joins this conversation. */
  | { type: "review"; review_request: ReviewRequest }
  /**
   * Drops the last `num_turns` turns from the conversation and its rollout. With `restore_files`,
   * the files those turns changed are first put back as they were (all or nothing: a file changed
   * since, or one that cannot be restored, refuses the whole rollback with an `error`).
   */
  | { type: "thread_rollback"; num_turns: number; restore_files?: boolean }
  /** Answered by `background_terminals_response`. */
  | { type: "list_background_terminals" }
  /** Stops every command exec_command left running (Codex 0.169's name). */
  | { type: "clean_background_terminals" }
  /** Answered by `list_skills_response`. */
  | { type: "list_skills" }
  | { type: "shutdown" };

export type OpType = Op["type"];
