/**
 * Chat Completions chunks → `ModelStreamEvent`s. Text and reasoning stream as deltas; tool call
 * deltas are gathered by index, bounded as any string of the stream is (bounded-sse.ts). When the
 * stream ends, the finished items are emitted (reasoning, the assistant message, then each
 * function call), then `completed` with usage.
 */
import type { ResponseItem, TokenUsage } from "@codex/protocol";
import { MAX_STREAMED_STRING_BYTES, omittedStringBytes, omittedStringMarker } from "./bounded-sse.ts";
import { streamError } from "./errors.ts";
import type { ModelStreamEvent } from "./types.ts";

type Json = Record<string, unknown>;

/** A call being gathered; past the stream's size bound its arguments are only counted. */
type PendingCall = { id: string; name: string; arguments: string; omittedBytes: number | null };

function appendArguments(call: PendingCall, fragment: string): void {
  const omitted = omittedStringBytes(fragment);
  const fragmentBytes = omitted ?? Buffer.byteLength(fragment, "utf8");
  if (call.omittedBytes !== null) {
    call.omittedBytes += fragmentBytes;
  } else if (omitted !== null || call.arguments.length + fragment.length > MAX_STREAMED_STRING_BYTES) {
    call.omittedBytes = Buffer.byteLength(call.arguments, "utf8") + fragmentBytes;
    call.arguments = "";
  } else {
    call.arguments += fragment;
  }
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function usageFromChat(raw: unknown): TokenUsage | null {
  if (raw === null || typeof raw !== "object") return null;
  const usage = raw as Json;
  const prompt = num(usage.prompt_tokens);
  const completion = num(usage.completion_tokens);
  return {
    input_tokens: prompt,
    cached_input_tokens: num(((usage.prompt_tokens_details ?? {}) as Json).cached_tokens),
    cache_write_input_tokens: 0,
    output_tokens: completion,
    reasoning_output_tokens: num(((usage.completion_tokens_details ?? {}) as Json).reasoning_tokens),
    total_tokens: typeof usage.total_tokens === "number" ? usage.total_tokens : prompt + completion,
  };
}

export class ChatStreamAggregator {
  private started = false;
  private messageStarted = false;
  private text = "";
  private reasoning = "";
  private readonly calls = new Map<number, PendingCall>();
  private finished = false;
  private usage: TokenUsage | null = null;
  private responseId = "";

  /** Events for one chunk. */
  push(chunk: Json): ModelStreamEvent[] {
    const events: ModelStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({ type: "created" });
    }
    if (typeof chunk.id === "string" && this.responseId === "") this.responseId = chunk.id;
    if (chunk.usage) this.usage = usageFromChat(chunk.usage);
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as Json[]) : [];
    for (const choice of choices) {
      const delta = (choice.delta ?? {}) as Json;
      const reasoning = delta.reasoning ?? delta.reasoning_content;
      if (typeof reasoning === "string" && reasoning !== "") {
        this.reasoning += reasoning;
        events.push({ type: "reasoning_content_delta", delta: reasoning });
      }
      if (typeof delta.content === "string" && delta.content !== "") {
        if (!this.messageStarted) {
          this.messageStarted = true;
          events.push({
            type: "output_item_added",
            item: { type: "message", role: "assistant", content: [] },
          });
        }
        this.text += delta.content;
        events.push({ type: "output_text_delta", delta: delta.content });
      }
      if (Array.isArray(delta.tool_calls)) {
        for (const raw of delta.tool_calls as Json[]) this.addToolCallDelta(raw);
      }
      if (typeof choice.finish_reason === "string") this.finished = true;
    }
    return events;
  }

  private addToolCallDelta(raw: Json): void {
    const index = typeof raw.index === "number" ? raw.index : this.calls.size;
    const call = this.calls.get(index) ?? { id: "", name: "", arguments: "", omittedBytes: null };
    if (typeof raw.id === "string" && raw.id !== "") call.id = raw.id;
    const fn = (raw.function ?? {}) as Json;
    if (typeof fn.name === "string" && fn.name !== "" && call.name === "") call.name = fn.name;
    if (typeof fn.arguments === "string") appendArguments(call, fn.arguments);
    this.calls.set(index, call);
  }

  /** Events once the stream has ended; throws a retryable error if it ended without finishing. */
  finish(): ModelStreamEvent[] {
    if (!this.finished && this.usage === null) throw streamError("stream closed before response.completed");
    const items: ResponseItem[] = [];
    if (this.reasoning !== "") {
      items.push({
        type: "reasoning",
        id: `rs_${this.responseId || "chat"}`,
        summary: [],
        content: [{ type: "reasoning_text", text: this.reasoning }],
        encrypted_content: null,
      });
    }
    if (this.text !== "") {
      items.push({ type: "message", role: "assistant", content: [{ type: "output_text", text: this.text }] });
    }
    const ordered = [...this.calls.entries()].sort(([a], [b]) => a - b);
    for (const [index, call] of ordered) {
      items.push({
        type: "function_call",
        name: call.name,
        arguments: call.omittedBytes === null ? call.arguments : omittedStringMarker(call.omittedBytes),
        call_id: call.id || `call_${this.responseId || "chat"}_${index}`,
      });
    }
    return [
      ...items.map((item): ModelStreamEvent => ({ type: "output_item_done", item })),
      { type: "completed", responseId: this.responseId, usage: this.usage },
    ];
  }
}
