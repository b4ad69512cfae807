/**
 * What Codex knows about model families: context window, reasoning efforts, and which
 * tools the model is offered in which form. Models of the GPT-5 line were trained on the
 * session-based `exec_command`/`write_stdin` pair and the freeform apply_patch grammar; older
 * families on the one-shot `shell` tool. A model no entry knows gets the fallback (what Codex 0.169
 * gives an unknown model) and a warning naming it. Config can override each choice:
 * `model_context_window`, `features.unified_exec`, `features.shell_tool`,
 * `features.apply_patch_freeform`, `model_reasoning_effort`.
 */
import type { ReasoningEffort, Verbosity } from "@codex/protocol";

/** How commands are offered: the session-based pair, or the one-shot `shell` tool. */
export type ShellToolKind = "exec_command" | "shell";

export type ModelFamily = {
  /** Model names this entry covers: a prefix (`gpt-5-codex` covers `gpt-5-codex-mini`) or exact. */
  readonly match: { prefix: string } | { exact: string };
  readonly contextWindow: number;
  /** Reasoning efforts the model accepts; empty for models without reasoning. */
  readonly reasoningEfforts: readonly ReasoningEffort[];
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

const FULL_EFFORTS: readonly ReasoningEffort[] = ["minimal", "low", "medium", "high"];
const CODEX_EFFORTS: readonly ReasoningEffort[] = ["low", "medium", "high"];
const XHIGH_EFFORTS: readonly ReasoningEffort[] = ["low", "medium", "high", "xhigh"];

const GPT5_BASE = {
  contextWindow: 272_000,
  defaultReasoningEffort: null,
  defaultVerbosity: null,
  shellTool: "exec_command",
  webSearchImages: false,
} as const;

const LEGACY_BASE = {
  defaultReasoningEffort: null,
  defaultVerbosity: null,
  shellTool: "shell",
  applyPatch: "function",
  webSearchImages: false,
} as const;

/** First match wins: more specific names come before their prefixes. */
const FAMILIES: readonly ModelFamily[] = [
  {
    ...GPT5_BASE,
    match: { prefix: "gpt-5.5" },
    reasoningEfforts: XHIGH_EFFORTS,
    defaultReasoningEffort: "medium",
    defaultVerbosity: "low",
    applyPatch: "freeform",
    webSearchImages: true,
  },
  {
    ...GPT5_BASE,
    match: { prefix: "gpt-5.1-codex-max" },
    reasoningEfforts: XHIGH_EFFORTS,
    applyPatch: "freeform",
  },
  {
    ...GPT5_BASE,
    match: { prefix: "gpt-5.2-codex" },
    reasoningEfforts: XHIGH_EFFORTS,
    applyPatch: "freeform",
  },
  {
    ...GPT5_BASE,
    match: { prefix: "gpt-5.1-codex" },
    reasoningEfforts: CODEX_EFFORTS,
    applyPatch: "freeform",
  },
  { ...GPT5_BASE, match: { prefix: "gpt-5-codex" }, reasoningEfforts: CODEX_EFFORTS, applyPatch: "freeform" },
  { ...GPT5_BASE, match: { prefix: "codex-" }, reasoningEfforts: CODEX_EFFORTS, applyPatch: "freeform" },
  { ...GPT5_BASE, match: { prefix: "gpt-5.2" }, reasoningEfforts: XHIGH_EFFORTS, applyPatch: "function" },
  {
    ...GPT5_BASE,
    match: { prefix: "gpt-5.1" },
    reasoningEfforts: ["none", "low", "medium", "high"],
    applyPatch: "function",
  },
  { ...GPT5_BASE, match: { prefix: "gpt-5" }, reasoningEfforts: FULL_EFFORTS, applyPatch: "function" },
  {
    ...LEGACY_BASE,
    match: { exact: "codex-mini-latest" },
    contextWindow: 200_000,
    reasoningEfforts: CODEX_EFFORTS,
  },
  {
    ...LEGACY_BASE,
    match: { prefix: "gpt-oss" },
    contextWindow: 96_000,
    reasoningEfforts: CODEX_EFFORTS,
  },
  {
    ...LEGACY_BASE,
    match: { prefix: "gpt-4.1" },
    contextWindow: 1_047_576,
    reasoningEfforts: [],
  },
  {
    ...LEGACY_BASE,
    match: { prefix: "gpt-4o" },
    contextWindow: 128_000,
    reasoningEfforts: [],
  },
  {
    ...LEGACY_BASE,
    match: { prefix: "o3" },
    contextWindow: 200_000,
    reasoningEfforts: CODEX_EFFORTS,
  },
  {
    ...LEGACY_BASE,
    match: { prefix: "o4-mini" },
    contextWindow: 200_000,
    reasoningEfforts: CODEX_EFFORTS,
  },
];

/**
 * An unknown model: the tools Codex 0.169 offers one (exec_command/write_stdin), apply_patch as a
 * JSON function (every model can call that), no context window (no auto-compaction).
 */
const FALLBACK: ModelFamily = {
  match: { exact: "" },
  contextWindow: 0,
  reasoningEfforts: [],
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
  return /^(o\d|gpt-5|codex-)/.test(model);
}

/** The warning Codex 0.169 prints for a model it has no metadata for (same words). */
export function unknownModelWarning(model: string): string {
  return `warning: Model metadata for \`${model}\` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.`;
}

/** A warning when `effort` is one the model does not accept, else null. */
export function effortWarning(model: string, effort: ReasoningEffort | null): string | null {
  const { family, known } = lookupModel(model);
  if (!known || effort === null || family.reasoningEfforts.length === 0) return null;
  if (family.reasoningEfforts.includes(effort)) return null;
  return `warning: model \`${model}\` does not list reasoning effort \`${effort}\` (it accepts ${family.reasoningEfforts.join(", ")}); it is sent as configured.`;
}
