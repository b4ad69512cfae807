/**
 * The session's compaction policy, in one object the session owns and the turn loop consults:
 * - before each model request, compact when the last response filled the context past the limit
 *   (never twice in a row: if the summary itself leaves the context over the limit, say so once
 *   instead of looping);
 * - when a request is rejected for context length, compact and let the loop retry it once;
 * - on the `compact` op, compact now (`runCompactTask`).
 * The last usage survives resume (the rollout's last token_count), so a resumed session that was
 * nearly full compacts before its first request.
 */
import type { EventMsg, ResponseItem, TokenUsage, TokenUsageInfo } from "@codex/protocol";
import type { ModelClient, ModelRequest } from "../client/types.ts";
import type { CompactedItem } from "../rollout/types.ts";
import { CompactionError, type CompactResult, isContextWindowError } from "./compact-history.ts";
import { compactNow } from "./in-session.ts";
import { autoCompactTokenLimit, shouldAutoCompact } from "./limits.ts";

export type CompactorConfig = {
  model_context_window: number | null;
  model_auto_compact_token_limit: number | null;
  model_provider: { stream_max_retries: number };
};

/** What the turn loop calls; one per turn (from `SessionCompactor.forTurn`). */
export interface TurnCompaction {
  /** Call before sending `request`; may replace `history` in place (then rebuild the request). */
  beforeRequest(request: ModelRequest, history: ResponseItem[], signal: AbortSignal): Promise<boolean>;
  /** Call with each completed response's usage. */
  noteUsage(usage: TokenUsage | null): void;
  /**
   * Call when a request failed. True when the error was a context-length rejection and the history
   * was compacted: retry the request (rebuilt from the new history) once.
   */
  afterError(
    error: unknown,
    request: ModelRequest,
    history: ResponseItem[],
    signal: AbortSignal,
  ): Promise<boolean>;
}

type Emit = (msg: EventMsg) => void;

export class SessionCompactor {
  private lastUsage: TokenUsage | null;
  private justCompacted = false;
  /** Model of the last compaction request (limits are per model). */
  private lastModel = "";

  constructor(
    private readonly config: CompactorConfig,
    private readonly options: {
      recorder?: { recordCompacted(item: CompactedItem): void } | null;
      /** The last token_count of a resumed session. */
      lastTokenInfo?: TokenUsageInfo | null;
    } = {},
  ) {
    this.lastUsage = options.lastTokenInfo?.last_token_usage ?? null;
  }

  private settings(model: string) {
    return {
      model,
      model_context_window: this.config.model_context_window,
      model_auto_compact_token_limit: this.config.model_auto_compact_token_limit,
    };
  }

  /** Compacts `history` in place now, records it, and tells the user. */
  async compact(args: {
    client: ModelClient;
    request: ModelRequest;
    history: ResponseItem[];
    signal: AbortSignal;
    emit: Emit;
    reason: string;
  }): Promise<CompactResult> {
    const { input: _input, ...template } = args.request;
    const result = await compactNow({
      client: args.client,
      request: template,
      history: args.history,
      signal: args.signal,
      recorder: this.options.recorder ?? null,
      maxRetries: this.config.model_provider.stream_max_retries,
      onRetry: (message) => args.emit({ type: "stream_error", message }),
    });
    this.lastUsage = null;
    this.justCompacted = true;
    this.lastModel = args.request.model;
    const trimmed =
      result.trimmedItems > 0 ? ` (${result.trimmedItems} oldest items left out of the summary)` : "";
    args.emit({ type: "background_event", message: `${args.reason}: conversation compacted${trimmed}` });
    return result;
  }

  forTurn(args: { client: ModelClient; emit: Emit }): TurnCompaction {
    let overflowRetried = false;
    // Set when a response right after a compaction is still over the limit: compacting again
    // would loop, so automatic compaction stops for the rest of this turn.
    let autoDisabled = false;
    return {
      beforeRequest: async (request, history, signal) => {
        const settings = this.settings(request.model);
        if (autoDisabled || !shouldAutoCompact(this.lastUsage, settings)) return false;
        await this.compact({ ...args, request, history, signal, reason: "Context nearly full" });
        return true;
      },
      noteUsage: (usage) => {
        if (usage === null) return;
        const settings = this.settings(this.lastModel);
        if (this.justCompacted && !autoDisabled && shouldAutoCompact(usage, settings)) {
          autoDisabled = true;
          args.emit({
            type: "warning",
            message: `The conversation is still above the auto-compact limit (${autoCompactTokenLimit(settings)} tokens) after compacting; not compacting again this turn.`,
          });
        }
        this.lastUsage = usage;
        this.justCompacted = false;
      },
      afterError: async (error, request, history, signal) => {
        if (!isContextWindowError(error) || overflowRetried) return false;
        overflowRetried = true;
        try {
          await this.compact({
            ...args,
            request,
            history,
            signal,
            reason: "Request too long for the context window",
          });
        } catch (compactError) {
          if (compactError instanceof CompactionError) return false;
          throw compactError;
        }
        return true;
      },
    };
  }
}

/**
 * The `compact` op as a turn of its own: turn_started, the compaction, then turn_completed (or an
 * error and turn_failed). `usage` is the session's cumulative usage, reported back unchanged.
 */
export async function runCompactTask(args: {
  compactor: SessionCompactor;
  client: () => Promise<ModelClient>;
  /** The request a turn would send now (its input is replaced). */
  request: (client: ModelClient) => ModelRequest;
  history: ResponseItem[];
  signal: AbortSignal;
  turnId: string;
  emit: Emit;
  usage: () => TokenUsage;
  modelContextWindow: number | null;
}): Promise<void> {
  const { emit, turnId } = args;
  emit({ type: "turn_started", turn_id: turnId, model_context_window: args.modelContextWindow });
  try {
    const client = await args.client();
    await args.compactor.compact({
      client,
      request: args.request(client),
      history: args.history,
      signal: args.signal,
      emit,
      reason: "Compact task completed",
    });
    emit({ type: "turn_completed", turn_id: turnId, last_agent_message: null, usage: args.usage() });
  } catch (error) {
    if (args.signal.aborted) {
      emit({ type: "turn_aborted", turn_id: turnId, reason: "interrupted" });
      return;
    }
    const message = `Compaction failed: ${error instanceof Error ? error.message : String(error)}`;
    emit({ type: "error", message });
    emit({ type: "turn_failed", turn_id: turnId, error: { message }, usage: args.usage() });
  }
}
