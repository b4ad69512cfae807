/**
 * What the TUI reads from the configuration. Field names match core's `Config`, so the CLI can
 * pass its loaded config object as is.
 */
import type { AskForApproval, ReasoningEffort, SandboxMode } from "@codex/protocol";
import type { FileOpener } from "./render/links.ts";

export type TuiSettings = {
  /** Passed to core (project trust) as is; the TUI knows nothing of what is inside. */
  codexHome: string;
  cwd: string;
  model: string;
  approval_policy: AskForApproval;
  sandbox_mode: SandboxMode;
  model_reasoning_effort: ReasoningEffort | null;
  hide_agent_reasoning: boolean;
  file_opener: FileOpener;
  history: { persistence: "save-all" | "none" };
  tui: { notifications: boolean | string[] };
  model_provider: { id: string; name: string };
  /** A trusted project's config folders, from core (their hooks are reviewed by /hooks). */
  project_config_folders: readonly string[];
};

/** What the user chose in this run (/model, /approvals) that a new session (/new) keeps. */
export type SessionChoices = {
  model: string;
  effort: ReasoningEffort | null;
  approval_policy: AskForApproval;
  sandbox_mode: SandboxMode;
};
