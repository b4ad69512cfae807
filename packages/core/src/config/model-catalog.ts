/**
 * What Codex knows about model families: context window, default reasoning effort and verbosity,
 * and which tools the model is offered in which form. Models of the GPT-5 line were trained on the
 * session-based `exec_command`/`write_stdin` pair and the freeform apply_patch grammar; older
 * families on the one-shot `shell` tool. A model no entry knows gets the fallback (what Codex 0.169
 * gives an unknown model) and a warning naming it. Config can override each choice:
 * `model_context_window`, `features.unified_exec`, `features.shell_tool`,
 * `features.apply_patch_freeform`, `model_reasoning_effort`, `model_verbosity`.
 */
import type { ReasoningEffort, Verbosity } from "@codex/protocol";
import type { FeatureName } from "./keys/features.ts";

/** How commands are offered: the session-based pair, or the one-shot `shell` tool. */
type ShellToolKind = "exec_command" | "shell";

type ModelFamily = {
  /** Model names this entry covers: a prefix (`gpt-5-codex` covers `gpt-5-codex-mini`) or exact. */
  readonly match: { prefix: string } | { exact: string };
  readonly contextWindow: number;
  /** Sent when config sets no `model_reasoning_effort`; null: leave it to the server. */
  readonly defaultReasoningEffort: ReasoningEffort | null;
  /** Sent when config sets no `model_verbosity`; null: leave it to the server. */
  readonly defaultVerbosity: Verbosity | null;
  readonly shellTool: ShellToolKind;
  /** apply_patch as a freeform grammar tool, or as a JSON function `{input}`. */
  readonly applyPatch: "freeform" | "function";
  /** `web_search` also returns images (`search_content_types: ["text","image"]`). */
  readonly webSearchImages: boolean;
};

export type CatalogLookup = {
  family: ModelFamily;
  /** False when the model matched no entry and the fallback applies. */
  known: boolean;
};

function gpt5(prefix: string, applyPatch: ModelFamily["applyPatch"]): ModelFamily {
  return {
    match: { prefix },
    contextWindow: 272_000,
    defaultReasoningEffort: null,
    defaultVerbosity: null,
    shellTool: "exec_command",
    applyPatch,
    webSearchImages: false,
  };
}

/** Families from before the GPT-5 line: the one-shot `shell` tool, apply_patch as a function. */
function legacy(match: ModelFamily["match"], contextWindow: number): ModelFamily {
  return {
    match,
    contextWindow,
    defaultReasoningEffort: null,
    defaultVerbosity: null,
    shellTool: "shell",
    applyPatch: "function",
    webSearchImages: false,
  };
}

/** First match wins: exact names and longer prefixes come before the prefixes they extend. */
const FAMILIES: readonly ModelFamily[] = [
  legacy({ exact: "codex-mini-latest" }, 200_000),
  {
    ...gpt5("gpt-5.5", "freeform"),
    defaultReasoningEffort: "medium",
    defaultVerbosity: "low",
    webSearchImages: true,
  },
  // The Codex line (gpt-5-codex, gpt-5.1-codex, -max, -mini, gpt-5.2-codex, codex-*).
  gpt5("gpt-5-codex", "freeform"),
  gpt5("gpt-5.1-codex", "freeform"),
  gpt5("gpt-5.2-codex", "freeform"),
  gpt5("codex-", "freeform"),
  gpt5("gpt-5", "function"),
  legacy({ prefix: "gpt-oss" }, 96_000),
  legacy({ prefix: "gpt-4.1" }, 1_047_576),
  legacy({ prefix: "gpt-4o" }, 128_000),
  legacy({ prefix: "o3" }, 200_000),
  legacy({ prefix: "o4-mini" }, 200_000),
];

/**
 * An unknown model: the tools Codex 0.169 offers one (exec_command/write_stdin), apply_patch as a
 * JSON function (every model can call that), no context window (no auto-compaction).
 */
const FALLBACK: ModelFamily = {
  match: { exact: "" },
  contextWindow: 0,
  defaultReasoningEffort: null,
  defaultVerbosity: null,
  shellTool: "exec_command",
  applyPatch: "function",
  webSearchImages: false,
};

function matches(family: ModelFamily, model: string): boolean {
  const { match } = family;
  return "prefix" in match ? model.startsWith(match.prefix) : model === match.exact;
}

/** The family of `model`; local provider suffixes (`gpt-oss:20b`) match their family. */
export function lookupModel(model: string): CatalogLookup {
  const family = FAMILIES.find((candidate) => matches(candidate, model));
  return family ? { family, known: true } : { family: FALLBACK, known: false };
}

/** Context window of a known model, else null. */
export function modelContextWindow(model: string): number | null {
  const { family, known } = lookupModel(model);
  return known ? family.contextWindow : null;
}

/** Models of the reasoning families (they get `reasoning` in the request). */
export function supportsReasoning(model: string): boolean {
  if (model.startsWith("gpt-5") || model.startsWith("codex-")) return true;
  return model[0] === "o" && model[1] !== undefined && model[1] >= "0" && model[1] <= "9";
}

/** The warning Codex 0.169 prints for a model it has no metadata for (same words). */
export function unknownModelWarning(model: string): string {
  return `warning: Model metadata for \`${model}\` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.`;
}

/** What a `default: "model"` feature is for `model`: the tool forms its family was trained on. */
export function modelFeatureDefault(name: FeatureName, model: string): boolean {
  const { family } = lookupModel(model);
  if (name === "apply_patch_freeform") return family.applyPatch === "freeform";
  if (name === "unified_exec") return family.shellTool === "exec_command";
  return false;
}
