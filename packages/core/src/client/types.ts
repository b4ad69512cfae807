/**
 * The model client's contract with the turn loop. The loop builds a `ModelRequest`, streams
 * `ModelStreamEvent`s, and classifies failures through `ModelError`. Both wire APIs (Responses and
 * Chat Completions) implement `ModelClient`.
 */
import type { ReasoningEffort, ReasoningSummary, ResponseItem, TokenUsage, Verbosity } from "@codex/protocol";

/** A tool as offered to the model (Responses API shape; the chat client converts it). */
export type ToolSpec =
  | {
      type: "function";
      name: string;
      description: string;
      strict: boolean;
      parameters: Record<string, unknown>;
    }
  | {
      type: "custom";
      name: string;
      description: string;
      format: { type: "grammar"; syntax: "lark"; definition: string };
    }
  | {
      type: "web_search";
      /** false: cached results only (Codex's default); true: live access. */
      external_web_access?: boolean;
      filters?: { allowed_domains: string[] };
      user_location?: {
        type: "approximate";
        country?: string;
        region?: string;
        city?: string;
        timezone?: string;
      };
      search_context_size?: "low" | "medium" | "high";
    }
  | { type: "local_shell" };

export type ModelRequest = {
  model: string;
  instructions: string;
  /** The whole conversation so far (Codex always resends full history with store:false). */
  input: ResponseItem[];
  tools: ToolSpec[];
  parallelToolCalls: boolean;
  reasoning: { effort: ReasoningEffort | null; summary: ReasoningSummary } | null;
  verbosity: Verbosity | null;
  /** JSON Schema the final answer must follow (`--output-schema`). */
  outputSchema: unknown | null;
  /** Conversation id: sent as `prompt_cache_key` and the `session_id` header. */
  conversationId: string;
  /** Headers of this request on top of the provider's (a review sub-thread names itself). */
  headers?: Record<string, string>;
};

export type ModelStreamEvent =
  | { type: "created" }
  | { type: "output_item_added"; item: ResponseItem }
  | { type: "output_item_done"; item: ResponseItem }
  | { type: "output_text_delta"; delta: string }
  | { type: "reasoning_summary_delta"; delta: string }
  | { type: "reasoning_content_delta"; delta: string }
  | { type: "reasoning_summary_part_added" }
  | { type: "completed"; responseId: string; usage: TokenUsage | null };

/**
 * Why a model call failed. `retryable` errors are retried by the turn loop up to the provider's
 * `stream_max_retries`, each retry reported as "Reconnecting... n/N (why)"; the others end the turn.
 */
export type ModelErrorKind =
  | "retryable"
  | "fatal"
  | "unauthorized"
  | "usage_limit"
  | "context_window_exceeded"
  | "aborted";

export class ModelError extends Error {
  override name = "ModelError";
  readonly kind: ModelErrorKind;
  /** Server-requested delay (Retry-After or a "try again in Ns" message), in milliseconds. */
  readonly retryAfterMs: number | null;
  readonly status: number | null;

  constructor(
    message: string,
    options: { kind: ModelErrorKind; retryAfterMs?: number | null; status?: number | null },
  ) {
    super(message);
    this.kind = options.kind;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
  }
}

export interface ModelClient {
  /**
   * Streams one model response. HTTP-level retries (429/5xx/transport, `request_max_retries`)
   * happen inside; a stream that breaks or stalls throws `ModelError` of kind `retryable`.
   */
  stream(request: ModelRequest, options: { signal: AbortSignal }): AsyncIterable<ModelStreamEvent>;
}
