/**
 * Responses API server-sent events → `ModelStreamEvent`s. The stream must end with
 * `response.completed`; `response.failed`, a cut connection, or silence end it with an error.
 */
import type { TokenUsage } from "@codex/protocol";
import { type ApiErrorBody, errorBodyOf, responseFailedError, streamError } from "./errors.ts";
import type { ModelStreamEvent } from "./types.ts";
import { itemFromWire } from "./wire-items.ts";

type Json = Record<string, unknown>;

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** Responses `usage` → Codex token usage. */
function usageFromResponses(raw: unknown): TokenUsage | null {
  if (raw === null || typeof raw !== "object") return null;
  const usage = raw as Json;
  const inputDetails = (usage.input_tokens_details ?? {}) as Json;
  const outputDetails = (usage.output_tokens_details ?? {}) as Json;
  const input = num(usage.input_tokens);
  const output = num(usage.output_tokens);
  return {
    input_tokens: input,
    cached_input_tokens: num(inputDetails.cached_tokens),
    cache_write_input_tokens: num(inputDetails.cache_write_tokens),
    output_tokens: output,
    reasoning_output_tokens: num(outputDetails.reasoning_tokens),
    total_tokens: typeof usage.total_tokens === "number" ? usage.total_tokens : input + output,
  };
}

/**
 * Maps one server event. Returns the events to emit, `"completed"` handling included; throws a
 * `ModelError` for `response.failed` / `response.incomplete` / `error`.
 */
export function mapResponsesEvent(event: Json): ModelStreamEvent[] {
  switch (event.type) {
    case "response.created":
      return [{ type: "created" }];
    case "response.output_item.added":
    case "response.output_item.done": {
      const item = itemFromWire(event.item);
      if (item === null) return [];
      return [
        {
          type: event.type === "response.output_item.added" ? "output_item_added" : "output_item_done",
          item,
        },
      ];
    }
    case "response.output_text.delta":
      return typeof event.delta === "string" ? [{ type: "output_text_delta", delta: event.delta }] : [];
    case "response.reasoning_summary_text.delta":
      return typeof event.delta === "string" ? [{ type: "reasoning_summary_delta", delta: event.delta }] : [];
    case "response.reasoning_text.delta":
      return typeof event.delta === "string" ? [{ type: "reasoning_content_delta", delta: event.delta }] : [];
    case "response.reasoning_summary_part.added":
      return [{ type: "reasoning_summary_part_added" }];
    case "response.completed": {
      const response = (event.response ?? {}) as Json;
      return [
        {
          type: "completed",
          responseId: typeof response.id === "string" ? response.id : "",
          usage: usageFromResponses(response.usage),
        },
      ];
    }
    case "response.failed": {
      const response = (event.response ?? {}) as Json;
      throw responseFailedError(errorBodyOf(response.error ?? null));
    }
    case "response.incomplete": {
      const response = (event.response ?? {}) as Json;
      const details = (response.incomplete_details ?? {}) as Json;
      const reason = typeof details.reason === "string" ? details.reason : "unknown";
      throw streamError(`Incomplete response returned, reason: ${reason}`);
    }
    case "error": {
      const error: ApiErrorBody | null = errorBodyOf(event);
      throw responseFailedError(error);
    }
    default:
      return [];
  }
}
