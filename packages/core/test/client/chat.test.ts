import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { ResponseItem } from "@codex/protocol";
import {
  chatFinish,
  chatReasoning,
  chatStream,
  chatText,
  chatToolCall,
  chatUsage,
  httpError,
  type MockModelServer,
  startMockModelServer,
} from "@codex/test-support";
import { createModelClient } from "../../src/client/create-model-client.ts";
import type { ModelStreamEvent, ToolSpec } from "../../src/client/types.ts";
import type { ProviderConfig } from "../../src/config/types.ts";
import { clientOptions, collect, mockProvider, request, shellTool } from "./helpers.ts";

let server: MockModelServer;
beforeEach(async () => {
  server = await startMockModelServer();
});
afterEach(() => server.close());

function client(overrides: Partial<ProviderConfig> = {}) {
  return createModelClient(mockProvider(server.baseUrl, { wire_api: "chat", ...overrides }), clientOptions);
}

function doneItems(events: ModelStreamEvent[]): ResponseItem[] {
  return events.flatMap((event) => (event.type === "output_item_done" ? [event.item] : []));
}

describe("Chat Completions request", () => {
  test("POSTs /chat/completions with system + messages, chat tools and usage requested", async () => {
    server.enqueue(chatStream([chatText("ok"), chatFinish()]));
    const patch: ToolSpec = {
      type: "custom",
      name: "apply_patch",
      description: "d",
      format: { type: "grammar", syntax: "lark", definition: "x" },
    };
    await collect(client(), request({ tools: [shellTool, patch, { type: "web_search" }] }));
    const recorded = server.lastRequest();
    expect(recorded.path).toBe("/v1/chat/completions");
    expect(recorded.headers.originator).toBe("codex_exec");
    expect(recorded.headers.authorization).toBeUndefined();
    expect(recorded.body).toEqual({
      model: "gpt-5-codex",
      messages: [
        { role: "system", content: "You are Codex." },
        { role: "user", content: "hi" },
      ],
      stream: true,
      stream_options: { include_usage: true },
      tools: [
        {
          type: "function",
          function: { name: "shell", description: "Runs a shell command.", parameters: shellTool.parameters },
        },
      ],
    });
  });

  test("history: assistant text and tool calls share one message, tool results follow", async () => {
    server.enqueue(chatStream([chatText("ok"), chatFinish()]));
    await collect(
      client(),
      request({
        input: [
          { type: "message", role: "developer", content: [{ type: "input_text", text: "<env/>" }] },
          { type: "message", role: "user", content: [{ type: "input_text", text: "list" }] },
          {
            type: "reasoning",
            id: "rs",
            summary: [],
            content: [{ type: "reasoning_text", text: "I should ls" }],
          },
          { type: "message", role: "assistant", content: [{ type: "output_text", text: "Listing." }] },
          { type: "function_call", name: "shell", arguments: '{"command":["ls"]}', call_id: "c1" },
          { type: "custom_tool_call", name: "apply_patch", input: "*** Begin Patch", call_id: "c2" },
          { type: "function_call_output", call_id: "c1", output: "a.txt" },
          { type: "custom_tool_call_output", call_id: "c2", output: "Success." },
          { type: "message", role: "assistant", content: [{ type: "output_text", text: "Done." }] },
        ],
      }),
    );
    expect((server.lastRequest().body as { messages: unknown[] }).messages).toEqual([
      { role: "system", content: "You are Codex." },
      { role: "system", content: "<env/>" },
      { role: "user", content: "list" },
      {
        role: "assistant",
        content: "Listing.",
        reasoning: "I should ls",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "shell", arguments: '{"command":["ls"]}' } },
          { id: "c2", type: "function", function: { name: "apply_patch", arguments: "*** Begin Patch" } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "a.txt" },
      { role: "tool", tool_call_id: "c2", content: "Success." },
      { role: "assistant", content: "Done." },
    ]);
  });

  test("images become image_url parts", async () => {
    server.enqueue(chatStream([chatText("ok"), chatFinish()]));
    await collect(
      client(),
      request({
        input: [
          {
            type: "message",
            role: "user",
            content: [
              { type: "input_text", text: "what is this?" },
              { type: "input_image", image_url: "data:image/png;base64,AAAA" },
            ],
          },
        ],
      }),
    );
    expect((server.lastRequest().body as { messages: unknown[] }).messages[1]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
      ],
    });
  });
});

describe("Chat Completions streaming", () => {
  test("text deltas, then the assistant message, then completed with usage", async () => {
    server.enqueue(
      chatStream([
        chatText("Hello world", { chunks: ["Hello", " world"] }),
        chatFinish("stop"),
        chatUsage({ prompt_tokens: 50, completion_tokens: 5, cached: 10 }),
      ]),
    );
    const { events, error } = await collect(client());
    expect(error).toBeNull();
    expect(events).toEqual([
      { type: "created" },
      { type: "output_item_added", item: { type: "message", role: "assistant", content: [] } },
      { type: "output_text_delta", delta: "Hello" },
      { type: "output_text_delta", delta: " world" },
      {
        type: "output_item_done",
        item: { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello world" }] },
      },
      {
        type: "completed",
        responseId: "chatcmpl-mock",
        usage: {
          input_tokens: 50,
          cached_input_tokens: 10,
          cache_write_input_tokens: 0,
          output_tokens: 5,
          reasoning_output_tokens: 0,
          total_tokens: 55,
        },
      },
    ]);
  });

  test("tool call deltas are gathered per index into function_call items", async () => {
    server.enqueue(
      chatStream([
        chatToolCall("shell", { command: ["bash", "-lc", "echo hi"] }, "call_a", { index: 0, pieces: 3 }),
        chatToolCall("update_plan", { plan: [] }, "call_b", { index: 1 }),
        chatFinish("tool_calls"),
      ]),
    );
    const { events, error } = await collect(client());
    expect(error).toBeNull();
    expect(doneItems(events)).toEqual([
      {
        type: "function_call",
        name: "shell",
        arguments: '{"command":["bash","-lc","echo hi"]}',
        call_id: "call_a",
      },
      { type: "function_call", name: "update_plan", arguments: '{"plan":[]}', call_id: "call_b" },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "completed", usage: null });
  });

  test("reasoning deltas (Ollama's delta.reasoning) become a reasoning item", async () => {
    server.enqueue(chatStream([chatReasoning("thinking"), chatText("answer"), chatFinish()]));
    const { events } = await collect(client());
    expect(events).toContainEqual({ type: "reasoning_content_delta", delta: "thinking" });
    expect(doneItems(events)[0]).toMatchObject({
      type: "reasoning",
      content: [{ type: "reasoning_text", text: "thinking" }],
    });
  });

  test("round trip: tool calls streamed back are resent with their results", async () => {
    server.enqueue(
      chatStream([chatToolCall("shell", { command: ["ls"] }, "call_1"), chatFinish("tool_calls")]),
    );
    server.enqueue(chatStream([chatText("There is a.txt."), chatFinish()]));
    const first = await collect(client(), request({ tools: [shellTool] }));
    const history: ResponseItem[] = [
      ...request().input,
      ...doneItems(first.events),
      { type: "function_call_output", call_id: "call_1", output: "a.txt\n" },
    ];
    const second = await collect(client(), request({ tools: [shellTool], input: history }));
    expect(doneItems(second.events)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "There is a.txt." }] },
    ]);
    expect((server.lastRequest().body as { messages: unknown[] }).messages.slice(2)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "shell", arguments: '{"command":["ls"]}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "a.txt\n" },
    ]);
  });

  test("a stream cut before finish_reason is retryable", async () => {
    server.enqueue(chatStream([chatText("partial")], { done: false }));
    const { error } = await collect(client());
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      "stream disconnected before completion: stream closed before response.completed",
    );
  });

  test("HTTP errors follow the same retry policy", async () => {
    server.enqueue(httpError(503, { error: { message: "loading model" } }, { retryAfterMs: 10 }));
    server.enqueue(chatStream([chatText("ok"), chatFinish()]));
    const { error } = await collect(client({ request_max_retries: 1 }));
    expect(error).toBeNull();
    expect(server.requests).toHaveLength(2);
  });

  test("an error chunk mid-stream ends it with the server's message", async () => {
    server.enqueue(chatStream([chatText("par"), { error: { message: "model crashed" } }], { done: false }));
    const { error } = await collect(client());
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toContain("model crashed");
  });
});
