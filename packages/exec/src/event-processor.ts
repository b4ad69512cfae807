/** How `codex exec` renders the session's events: human-readable (stderr/stdout) or JSONL. */
import type { Event } from "@codex/protocol";

export type ProcessorSetup = {
  /** The user's prompt; null for a review, whose label arrives with `entered_review_mode`. */
  prompt: string | null;
  /** Settings shown in the human header. */
  summary: Array<[string, string]>;
};

export interface EventProcessor {
  /** Called once before the turn is submitted. */
  start(setup: ProcessorSetup): void;
  /** Handles one event. */
  handle(event: Event): void;
  /** Called once after the session has shut down, with the turn's last agent message. */
  finish(lastAgentMessage: string | null): void;
}
