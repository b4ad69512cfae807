/**
 * Builders for Chat Completions streaming chunks (`data: {...}\n\n` … `data: [DONE]\n\n`), as
 * `POST /v1/chat/completions` with `stream: true` sends them.
 */

export type ChatChunk = Record<string, unknown>;

function chunk(delta: Record<string, unknown>, options: { finishReason?: string | null } = {}): ChatChunk {
  return {
    id: "chatcmpl-mock",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "mock-model",
    choices: [{ index: 0, delta, finish_reason: options.finishReason ?? null }],
  };
}

/** Assistant text, one chunk per piece (the first also carries `role`). */
export function chatText(text: string, options: { chunks?: string[] } = {}): ChatChunk[] {
  const pieces = options.chunks ?? [text];
  return pieces.map((content, index) => chunk(index === 0 ? { role: "assistant", content } : { content }));
}

/** Reasoning text as local servers (Ollama, vLLM) stream it: `delta.reasoning`. */
export function chatReasoning(
  text: string,
  options: { field?: "reasoning" | "reasoning_content" } = {},
): ChatChunk[] {
  return [chunk({ role: "assistant", [options.field ?? "reasoning"]: text })];
}

/**
 * One tool call: a first delta with id, type and name, then the arguments split in pieces, all at
 * `index` (so several calls can interleave).
 */
export function chatToolCall(
  name: string,
  args: string | object,
  callId: string,
  options: { index?: number; pieces?: number } = {},
): ChatChunk[] {
  const index = options.index ?? 0;
  const text = typeof args === "string" ? args : JSON.stringify(args);
  const pieceCount = Math.max(1, options.pieces ?? 2);
  const size = Math.ceil(text.length / pieceCount) || 1;
  const chunks: ChatChunk[] = [
    chunk({
      role: "assistant",
      tool_calls: [{ index, id: callId, type: "function", function: { name, arguments: "" } }],
    }),
  ];
  for (let start = 0; start < text.length; start += size) {
    chunks.push(chunk({ tool_calls: [{ index, function: { arguments: text.slice(start, start + size) } }] }));
  }
  return chunks;
}

export function chatFinish(reason: "stop" | "tool_calls" | "length" = "stop"): ChatChunk {
  return chunk({}, { finishReason: reason });
}

/** The final usage chunk (`stream_options.include_usage`): empty choices plus usage. */
export function chatUsage(usage: {
  prompt_tokens?: number;
  completion_tokens?: number;
  cached?: number;
  reasoning_tokens?: number;
}): ChatChunk {
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  return {
    id: "chatcmpl-mock",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "mock-model",
    choices: [],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: usage.cached ?? 0 },
      completion_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
    },
  };
}

export function formatChatChunk(value: ChatChunk | "[DONE]"): string {
  return `data: ${value === "[DONE]" ? value : JSON.stringify(value)}\n\n`;
}
