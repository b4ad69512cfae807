/**
 * The choices /model and /approvals offer, and which of them is the session's current one (the
 * picker opens on it and marks it "(current)", as Codex does).
 */
import type { AskForApproval, ReasoningEffort, SandboxMode, SandboxPolicy } from "@codex/protocol";
import type { SessionInfo } from "../state/cells.ts";

export type ModelPreset = { model: string; effort: ReasoningEffort | null };

const MODEL_PRESETS: readonly ModelPreset[] = [
  { model: "gpt-5-codex", effort: "low" },
  { model: "gpt-5-codex", effort: "medium" },
  { model: "gpt-5-codex", effort: "high" },
  { model: "gpt-5", effort: "minimal" },
  { model: "gpt-5", effort: "low" },
  { model: "gpt-5", effort: "medium" },
  { model: "gpt-5", effort: "high" },
];

/** A request without an effort gets the API's default, which is medium. */
const DEFAULT_EFFORT: ReasoningEffort = "medium";

function isCurrentModel(preset: ModelPreset, session: SessionInfo | null): boolean {
  if (!session || preset.model !== session.model) return false;
  return (preset.effort ?? DEFAULT_EFFORT) === (session.effort ?? DEFAULT_EFFORT);
}

/** The presets, with the session's model first when it is not one of them, and the current index. */
export function modelChoices(session: SessionInfo | null): { presets: ModelPreset[]; current: number } {
  const presets = [...MODEL_PRESETS];
  if (session && !presets.some((p) => p.model === session.model)) {
    presets.unshift({ model: session.model, effort: session.effort });
  }
  return { presets, current: presets.findIndex((p) => isCurrentModel(p, session)) };
}

export type ApprovalPreset = {
  label: string;
  description: string;
  approval: AskForApproval;
  sandbox: SandboxMode;
};

export const APPROVAL_PRESETS: readonly ApprovalPreset[] = [
  {
    label: "Read Only",
    description: "Codex can read files and answer questions; it asks before edits, commands or network",
    approval: "on-request",
    sandbox: "read-only",
  },
  {
    label: "Auto",
    description:
      "Codex can read, edit and run commands in this workspace; it asks for network or outside writes",
    approval: "on-request",
    sandbox: "workspace-write",
  },
  {
    label: "Full Access",
    description:
      "Codex can edit files outside the workspace and use the network without asking. Use with caution",
    approval: "never",
    sandbox: "danger-full-access",
  },
];

/** The index of the preset the session runs with, or -1 (e.g. `-a untrusted`). */
export function currentApprovalPreset(session: SessionInfo | null): number {
  return APPROVAL_PRESETS.findIndex(
    (p) => p.approval === session?.approval && p.sandbox === session?.sandbox,
  );
}

/** The sandbox policy a preset asks for (workspace-write with Codex's defaults, as its presets do). */
export function presetSandboxPolicy(mode: SandboxMode): SandboxPolicy {
  if (mode !== "workspace-write") return { mode };
  return {
    mode: "workspace-write",
    writable_roots: [],
    network_access: false,
    exclude_tmpdir_env_var: false,
    exclude_slash_tmp: false,
  };
}
