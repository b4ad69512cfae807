/**
 * What the key reducer asks the app to do. Effects are plain data: the reducer decides, the app
 * (app.ts) carries them out against the terminal and the session.
 */
import type { Op } from "@codex/protocol";

export type TrustLevel = "trusted" | "untrusted";

export type UiEffect =
  /** Sends an op to the session (an error notice when none is running). */
  | { type: "submit"; op: Op }
  | { type: "quit"; code: number }
  /** Ctrl-Z: stop the process until `fg`. */
  | { type: "suspend" }
  /** Ctrl-T: the full transcript in the alternate screen. */
  | { type: "open-transcript" }
  | { type: "close-transcript" }
  /** /new: a fresh session with the current model and policies. */
  | { type: "new-session" }
  /** /fork: a new session starting from a copy of the current one's conversation. */
  | { type: "fork-session" }
  /** A review finding chosen in its list: the lines it points at, shown as a cell. */
  | { type: "show-location"; title: string; body: string; path: string; start: number; end: number }
  | { type: "logout" }
  /** /diff: `git diff` of the working tree, shown as a cell. */
  | { type: "show-diff" }
  /** /init: asks the agent to write AGENTS.md unless one is there. */
  | { type: "init-agents-md" }
  /** /hooks: read the declared hooks and open the review. */
  | { type: "review-hooks" }
  /** Trust one hook as it is now (core records it in `[hooks.state]` of the user's config). */
  | { type: "trust-hook"; key: string; hash: string; command: string }
  /** The trust question's answer; null when the user went on without answering (Esc). */
  | { type: "trust-answer"; level: TrustLevel | null };
