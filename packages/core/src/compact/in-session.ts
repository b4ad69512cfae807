/**
 * Compaction as the turn loop uses it: in place on the session's history array, recorded in the
 * rollout, with one call per situation:
 * - `autoCompactIfNeeded` before a model request, when the last response filled the context past
 *   the threshold (after resume too: the last token_count comes back from the rollout);
 * - `compactAfterOverflow` when a request was rejected for context length (then retry once);
 * - `compactNow` for the `compact` op (`/compact`).
 */
import type { ResponseItem, TokenUsage, TokenUsageInfo } from "@codex/protocol";
import type { ModelClient, ModelRequest } from "../client/types.ts";
import type { CompactedItem } from "../rollout/types.ts";
import { type CompactResult, compactHistory } from "./compact-history.ts";
import { type CompactionSettings, shouldAutoCompact } from "./limits.ts";

export type InSessionCompaction = {
  client: ModelClient;
  /** The request about to be sent (or a template of it): model, instructions, reasoning are reused. */
  request: Omit<ModelRequest, "input">;
  /** The session's history; replaced in place. */
  history: ResponseItem[];
  signal: AbortSignal;
  recorder?: { recordCompacted(item: CompactedItem): void } | null;
  initialContext?: readonly ResponseItem[];
  maxRetries?: number;
  /** "Re-connecting... n/N" notices while the summary request is retried. */
  onRetry?: (message: string) => void;
};

/** Compacts now; the history array holds the compacted history afterwards. */
export async function compactNow(options: InSessionCompaction): Promise<CompactResult> {
  const result = await compactHistory({
    client: options.client,
    request: options.request,
    history: options.history,
    signal: options.signal,
    ...(options.initialContext ? { initialContext: options.initialContext } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    onRetry: (n, max) => options.onRetry?.(`Re-connecting... ${n}/${max}`),
    ...(options.recorder ? { recorder: options.recorder } : {}),
  });
  options.history.splice(0, options.history.length, ...result.history);
  return result;
}

/** Compacts when the last response's usage reached the auto-compact limit; null when not needed. */
export async function autoCompactIfNeeded(
  options: InSessionCompaction & {
    lastUsage: TokenUsageInfo | TokenUsage | null | undefined;
    settings: CompactionSettings;
  },
): Promise<CompactResult | null> {
  if (!shouldAutoCompact(options.lastUsage, options.settings)) return null;
  return compactNow(options);
}

/** After a context-length rejection: compacts so the caller can retry the request once. */
export function compactAfterOverflow(options: InSessionCompaction): Promise<CompactResult> {
  return compactNow(options);
}
