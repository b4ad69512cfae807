/**
 * When to compact automatically. The context window comes from `model_context_window` or the model
 * table; the threshold from `model_auto_compact_token_limit`, else 85% of the window, leaving room
 * for the next answer and the summary itself. (Codex CLI 0.47 defaults to 350k for gpt-5-codex,
 * above its 272k window, so it only ever compacts after a failure; users call that out.)
 */
import type { TokenUsage, TokenUsageInfo } from "@codex/protocol";

const DEFAULT_AUTO_COMPACT_RATIO = 0.85;

const CONTEXT_WINDOWS: Array<[prefix: string, tokens: number]> = [
  ["gpt-oss", 96_000],
  ["gpt-4.1", 1_047_576],
  ["gpt-4o", 128_000],
  ["o3", 200_000],
  ["o4-mini", 200_000],
  ["codex-mini-latest", 200_000],
  ["gpt-5", 272_000],
  ["codex-", 272_000],
];

export type CompactionSettings = {
  model: string;
  model_context_window: number | null;
  model_auto_compact_token_limit: number | null;
};

/** The model's context window in tokens, or null when unknown. */
export function contextWindowFor(
  settings: Omit<CompactionSettings, "model_auto_compact_token_limit">,
): number | null {
  if (settings.model_context_window && settings.model_context_window > 0)
    return settings.model_context_window;
  for (const [prefix, tokens] of CONTEXT_WINDOWS) if (settings.model.startsWith(prefix)) return tokens;
  return null;
}

/** Token count at or above which the session compacts by itself; null = never automatically. */
export function autoCompactTokenLimit(settings: CompactionSettings): number | null {
  const configured = settings.model_auto_compact_token_limit;
  if (configured !== null && configured !== undefined) return configured > 0 ? configured : null;
  const window = contextWindowFor(settings);
  return window === null ? null : Math.floor(window * DEFAULT_AUTO_COMPACT_RATIO);
}

/** Tokens the conversation occupies after a response: its input plus its visible output. */
function tokensInContextWindow(usage: TokenUsage): number {
  const total = usage.total_tokens > 0 ? usage.total_tokens : usage.input_tokens + usage.output_tokens;
  return Math.max(0, total - usage.reasoning_output_tokens);
}

/**
 * Whether the conversation should be compacted before the next request. Uses the last response's
 * usage (what the context holds now), not the session's cumulative total.
 */
export function shouldAutoCompact(
  usage: TokenUsageInfo | TokenUsage | null | undefined,
  settings: CompactionSettings,
): boolean {
  if (!usage) return false;
  const limit = autoCompactTokenLimit(settings);
  if (limit === null) return false;
  const last = "last_token_usage" in usage ? usage.last_token_usage : usage;
  return tokensInContextWindow(last) >= limit;
}
