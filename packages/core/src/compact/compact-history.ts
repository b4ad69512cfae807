/**
 * Compaction: ask the model to summarise the conversation, then replace the history with the
 * session's initial context and one bridge message (the user's messages + the summary). Used for
 * the `compact` op (`/compact`), automatic compaction near the context limit, and recovery from a
 * request rejected for context length. If the summarisation request itself is too long, the oldest
 * items are dropped from it (never from the user messages kept in the bridge) until it fits.
 */
import type { ResponseItem, TokenUsage } from "@codex/protocol";
import { type ModelClient, ModelError, type ModelRequest } from "../client/types.ts";
import { buildCompactedHistory, isBridgeMessage, sessionPrefixItems } from "../rollout/compaction-bridge.ts";
import { normalizeToolCalls } from "../rollout/reconstruct.ts";
import type { CompactedItem } from "../rollout/types.ts";
import { SUMMARIZATION_PROMPT } from "./prompt.ts";

export class CompactionError extends Error {
  override name = "CompactionError";
}

export type CompactOptions = {
  client: ModelClient;
  /** The request the loop would send next: model, instructions and reasoning settings are reused. */
  request: Omit<ModelRequest, "input">;
  /** The conversation to compact. */
  history: readonly ResponseItem[];
  signal: AbortSignal;
  /** The session's initial context (instructions, environment); default: found in `history`. */
  initialContext?: readonly ResponseItem[];
  /** Custom summarisation prompt (default: ours). */
  prompt?: string;
  /** Retries of `retryable` model errors (the loop's `stream_max_retries`), default 5. */
  maxRetries?: number;
  /** Told about each retry, to show "Reconnecting... n/N (why)". */
  onRetry?: (attempt: number, maxRetries: number, error: ModelError) => void;
  /** When given, the compaction is recorded so a resumed session starts from the compacted state. */
  recorder?: { recordCompacted(item: CompactedItem): void };
};

export type CompactResult = {
  history: ResponseItem[];
  summary: string;
  usage: TokenUsage | null;
  /** Oldest items left out of the summarisation request to make it fit. */
  trimmedItems: number;
};

function assistantText(item: ResponseItem): string | null {
  if (item.type !== "message" || item.role !== "assistant") return null;
  const text = item.content
    .filter((c) => c.type === "output_text")
    .map((c) => (c as { text: string }).text)
    .join("");
  return text.trim() === "" ? null : text;
}

/**
 * Drops the oldest items that are neither initial context nor a bridge (an eighth of them, at least
 * one, so a very long conversation fits in a few attempts); false when none is left.
 */
function trimOldest(items: ResponseItem[]): number {
  const candidates = items.filter((item) => !isKept(item)).length;
  if (candidates === 0) return 0;
  let toDrop = Math.max(1, Math.ceil(candidates / 8));
  const dropped = toDrop;
  const kept = items.filter((item) => {
    if (toDrop > 0 && !isKept(item)) {
      toDrop--;
      return false;
    }
    return true;
  });
  items.splice(0, items.length, ...normalizeToolCalls(kept).items);
  return dropped;
}

function isKept(item: ResponseItem): boolean {
  return sessionPrefixItems([item]).length === 1 || isBridgeMessage(item);
}

async function summarizeOnce(
  options: CompactOptions,
  input: ResponseItem[],
): Promise<{ summary: string | null; usage: TokenUsage | null }> {
  const request: ModelRequest = {
    ...options.request,
    input,
    tools: [],
    parallelToolCalls: false,
    outputSchema: null,
  };
  let summary: string | null = null;
  let usage: TokenUsage | null = null;
  for await (const event of options.client.stream(request, { signal: options.signal })) {
    if (event.type === "output_item_done") summary = assistantText(event.item) ?? summary;
    else if (event.type === "completed") usage = event.usage;
  }
  return { summary, usage };
}

function backoffMs(attempt: number): number {
  return Math.min(10_000, 200 * 2 ** (attempt - 1)) * (0.9 + Math.random() * 0.2);
}

export async function compactHistory(options: CompactOptions): Promise<CompactResult> {
  const maxRetries = options.maxRetries ?? 5;
  const promptItem: ResponseItem = {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: options.prompt ?? SUMMARIZATION_PROMPT }],
  };
  const working = normalizeToolCalls([...options.history]).items;
  let trimmedItems = 0;
  let retries = 0;
  for (;;) {
    try {
      const { summary, usage } = await summarizeOnce(options, [...working, promptItem]);
      if (summary === null) {
        throw new CompactionError("the model returned no summary, so the conversation was not compacted");
      }
      const history = buildCompactedHistory(options.history, summary, {
        ...(options.initialContext ? { initialContext: options.initialContext } : {}),
      });
      options.recorder?.recordCompacted({ message: summary, replacement_history: history });
      return { history, summary, usage, trimmedItems };
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      if (error.kind === "context_window_exceeded") {
        const dropped = trimOldest(working);
        if (dropped === 0) {
          throw new CompactionError(
            "the conversation is too long to summarise even after dropping its older items; start a new session",
          );
        }
        trimmedItems += dropped;
        retries = 0;
        continue;
      }
      if (error.kind === "retryable" && retries < maxRetries) {
        retries++;
        options.onRetry?.(retries, maxRetries, error);
        await new Promise((r) => setTimeout(r, error.retryAfterMs ?? backoffMs(retries)));
        continue;
      }
      throw error;
    }
  }
}

/** Whether a failed model request should be answered by compacting and retrying once. */
export function isContextWindowError(error: unknown): boolean {
  return error instanceof ModelError && error.kind === "context_window_exceeded";
}
