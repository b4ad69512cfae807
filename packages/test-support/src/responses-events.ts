/**
 * Builders for Responses API server-sent events, as `POST /v1/responses` with `stream: true` sends
 * them (`event: <type>\ndata: <json>\n\n`). Item builders return event arrays; `responsesStream`
 * flattens them into one scripted response.
 */

export type ResponsesEvent = { type: string } & Record<string, unknown>;

let counter = 0;
function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter}`;
}

export function responseCreated(id = "resp_1"): ResponsesEvent {
  return { type: "response.created", response: { id } };
}

/** An assistant message, streamed as added → one delta per chunk → done. */
export function textResponse(
  text: string,
  options: { id?: string; chunks?: string[] } = {},
): ResponsesEvent[] {
  const id = options.id ?? nextId("msg");
  const chunks = options.chunks ?? [text];
  return [
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "message", id, role: "assistant", status: "in_progress", content: [] },
    },
    ...chunks.map(
      (delta): ResponsesEvent => ({
        type: "response.output_text.delta",
        item_id: id,
        output_index: 0,
        content_index: 0,
        delta,
      }),
    ),
    {
      type: "response.output_item.done",
      output_index: 0,
      item: {
        type: "message",
        id,
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text, annotations: [] }],
      },
    },
  ];
}

/** As the Responses API streams a call: the item added with empty arguments, then done. */
export function functionCall(name: string, args: string | object, callId: string): ResponsesEvent[] {
  const argumentsText = typeof args === "string" ? args : JSON.stringify(args);
  const id = nextId("fc");
  const item = { type: "function_call", id, call_id: callId, name };
  return [
    { type: "response.output_item.added", item: { ...item, status: "in_progress", arguments: "" } },
    { type: "response.output_item.done", item: { ...item, status: "completed", arguments: argumentsText } },
  ];
}

export function customToolCall(name: string, input: string, callId: string): ResponsesEvent[] {
  const item = { type: "custom_tool_call", id: nextId("ctc"), call_id: callId, name };
  return [
    { type: "response.output_item.added", item: { ...item, status: "in_progress", input: "" } },
    { type: "response.output_item.done", item: { ...item, status: "completed", input } },
  ];
}

export function localShellCall(command: string[], callId: string): ResponsesEvent[] {
  return [
    {
      type: "response.output_item.done",
      item: {
        type: "local_shell_call",
        id: nextId("lsh"),
        call_id: callId,
        status: "completed",
        action: { type: "exec", command, timeout_ms: null, working_directory: null, env: null },
      },
    },
  ];
}

/** A reasoning item: summary deltas (and raw reasoning deltas when `content` is given), then done. */
export function reasoning(
  summary: string,
  options: { id?: string; content?: string; encryptedContent?: string | null } = {},
): ResponsesEvent[] {
  const id = options.id ?? nextId("rs");
  const events: ResponsesEvent[] = [
    { type: "response.output_item.added", item: { type: "reasoning", id, summary: [] } },
    { type: "response.reasoning_summary_part.added", item_id: id, summary_index: 0 },
    { type: "response.reasoning_summary_text.delta", item_id: id, summary_index: 0, delta: summary },
  ];
  if (options.content !== undefined) {
    events.push({
      type: "response.reasoning_text.delta",
      item_id: id,
      content_index: 0,
      delta: options.content,
    });
  }
  events.push({
    type: "response.output_item.done",
    item: {
      type: "reasoning",
      id,
      summary: [{ type: "summary_text", text: summary }],
      ...(options.content !== undefined
        ? { content: [{ type: "reasoning_text", text: options.content }] }
        : {}),
      encrypted_content: options.encryptedContent ?? null,
    },
  });
  return events;
}

export function webSearchCall(query: string, options: { id?: string } = {}): ResponsesEvent[] {
  const id = options.id ?? nextId("ws");
  return [
    { type: "response.output_item.added", item: { type: "web_search_call", id, status: "in_progress" } },
    {
      type: "response.output_item.done",
      item: { type: "web_search_call", id, status: "completed", action: { type: "search", query } },
    },
  ];
}

export type UsageSpec = {
  input_tokens?: number;
  cached?: number;
  /** Input tokens written to the prompt cache (`input_tokens_details.cache_write_tokens`). */
  cache_write?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
};

export function completed(usage: UsageSpec = {}, options: { id?: string } = {}): ResponsesEvent {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  return {
    type: "response.completed",
    response: {
      id: options.id ?? "resp_1",
      usage: {
        input_tokens: input,
        input_tokens_details: {
          cached_tokens: usage.cached ?? 0,
          ...(usage.cache_write !== undefined ? { cache_write_tokens: usage.cache_write } : {}),
        },
        output_tokens: output,
        output_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
        total_tokens: input + output,
      },
    },
  };
}

export function failed(
  error: { code?: string; message: string },
  options: { id?: string } = {},
): ResponsesEvent {
  return {
    type: "response.failed",
    response: {
      id: options.id ?? "resp_1",
      status: "failed",
      error: { code: error.code ?? "server_error", message: error.message },
    },
  };
}

/** Serialises one Responses event the way the API does. */
export function formatResponsesEvent(event: ResponsesEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
