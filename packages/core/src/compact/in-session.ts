/**
 * One compaction in place on the session's history array, recorded in the rollout. When to
 * compact (the `compact` op, a nearly full context, a context-length rejection) is the
 * SessionCompactor's decision.
 */
import type { ResponseItem } from "@codex/protocol";
import { reconnectingMessage } from "../client/errors.ts";
import type { ModelClient, ModelRequest } from "../client/types.ts";
import { isBridgeMessage, sessionPrefixItems } from "../rollout/compaction-bridge.ts";
import type { CompactedItem } from "../rollout/types.ts";
import { type CompactResult, compactHistory } from "./compact-history.ts";

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
  /** "Reconnecting... n/N (why)" notices while the summary request is retried. */
  onRetry?: (message: string) => void;
};

/**
 * The user input that ends the history (the turn being started: its environment update and the
 * message just typed). It stays verbatim after the bridge instead of being folded into the summary.
 */
function trailingUserInput(history: readonly ResponseItem[]): number {
  let start = history.length;
  while (start > 0) {
    const item = history[start - 1] as ResponseItem;
    if (item.type !== "message" || item.role !== "user" || isBridgeMessage(item)) break;
    start--;
  }
  // Only when something before it is left to summarise.
  return sessionPrefixItems(history.slice(0, start)).length < start ? start : history.length;
}

/** Compacts now; the history array holds the compacted history afterwards. */
export async function compactNow(options: InSessionCompaction): Promise<CompactResult> {
  const split = trailingUserInput(options.history);
  const tail = options.history.slice(split);
  const result = await compactHistory({
    client: options.client,
    request: options.request,
    history: options.history.slice(0, split),
    signal: options.signal,
    ...(options.initialContext ? { initialContext: options.initialContext } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    onRetry: (n, max, error) => options.onRetry?.(reconnectingMessage(n, max, error)),
  });
  const history = [...result.history, ...tail];
  // Recorded with the kept tail, which the rollout already holds before this line: a resumed
  // session replaces everything before with exactly this history.
  options.recorder?.recordCompacted({ message: result.summary, replacement_history: history });
  options.history.splice(0, options.history.length, ...history);
  return { ...result, history };
}
