import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  completed,
  customToolCall,
  functionCall,
  loadGoldenScenario,
  localShellCall,
  type MockModelServer,
  reasoning,
  responsesStream,
  startMockModelServer,
  textResponse,
  webSearchCall,
} from "@codex/test-support";
import { createModelClient } from "../../src/client/create-model-client.ts";
import type { ModelStreamEvent } from "../../src/client/types.ts";
import { clientOptions, collect, mockProvider } from "./helpers.ts";

let server: MockModelServer;
beforeEach(async () => {
  server = await startMockModelServer();
});
afterEach(() => server.close());

function client() {
  return createModelClient(mockProvider(server.baseUrl), clientOptions);
}

function done(events: ModelStreamEvent[]) {
  return events.flatMap((event) => (event.type === "output_item_done" ? [event.item] : []));
}

describe("Responses streaming", () => {
  test("text streams as deltas, then the finished message, then completed with usage", async () => {
    server.enqueue(
      responsesStream([
        textResponse("Hello world", { id: "msg_a", chunks: ["Hello", " world"] }),
        completed({ input_tokens: 120, cached: 20, output_tokens: 7, reasoning_tokens: 3 }, { id: "resp_9" }),
      ]),
    );
    const { events, error } = await collect(client());
    expect(error).toBeNull();
    expect(events).toEqual([
      { type: "created" },
      { type: "output_item_added", item: { type: "message", id: "msg_a", role: "assistant", content: [] } },
      { type: "output_text_delta", delta: "Hello" },
      { type: "output_text_delta", delta: " world" },
      {
        type: "output_item_done",
        item: {
          type: "message",
          id: "msg_a",
          role: "assistant",
          content: [{ type: "output_text", text: "Hello world" }],
        },
      },
      {
        type: "completed",
        responseId: "resp_9",
        usage: {
          input_tokens: 120,
          cached_input_tokens: 20,
          cache_write_input_tokens: 0,
          output_tokens: 7,
          reasoning_output_tokens: 3,
          total_tokens: 127,
        },
      },
    ]);
  });

  test("function, custom (freeform) and local_shell tool calls arrive as items", async () => {
    server.enqueue(
      responsesStream([
        functionCall("shell", { command: ["bash", "-lc", "ls"] }, "call_1"),
        customToolCall("apply_patch", "*** Begin Patch\n*** End Patch\n", "call_2"),
        localShellCall(["echo", "hi"], "call_3"),
        completed(),
      ]),
    );
    const items = done((await collect(client())).events);
    expect(items).toMatchObject([
      {
        type: "function_call",
        name: "shell",
        arguments: '{"command":["bash","-lc","ls"]}',
        call_id: "call_1",
      },
      {
        type: "custom_tool_call",
        name: "apply_patch",
        input: "*** Begin Patch\n*** End Patch\n",
        call_id: "call_2",
      },
      {
        type: "local_shell_call",
        call_id: "call_3",
        status: "completed",
        action: {
          type: "exec",
          command: ["echo", "hi"],
          timeout_ms: null,
          working_directory: null,
          env: null,
        },
      },
    ]);
  });

  test("reasoning: summary part, summary and raw deltas, then the item with encrypted content", async () => {
    server.enqueue(
      responsesStream([
        reasoning("**Planning** list files", {
          id: "rs_1",
          content: "raw thoughts",
          encryptedContent: "gAAA",
        }),
        completed(),
      ]),
    );
    const { events } = await collect(client());
    expect(events.map((event) => event.type)).toEqual([
      "created",
      "output_item_added",
      "reasoning_summary_part_added",
      "reasoning_summary_delta",
      "reasoning_content_delta",
      "output_item_done",
      "completed",
    ]);
    expect(done(events)).toEqual([
      {
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "**Planning** list files" }],
        content: [{ type: "reasoning_text", text: "raw thoughts" }],
        encrypted_content: "gAAA",
      },
    ]);
  });

  test("web_search_call begins with output_item_added", async () => {
    server.enqueue(responsesStream([webSearchCall("codex cli", { id: "ws_1" }), completed()]));
    const { events } = await collect(client());
    expect(events[1]).toEqual({
      type: "output_item_added",
      item: { type: "web_search_call", id: "ws_1", status: "in_progress" },
    });
    expect(done(events)).toEqual([
      {
        type: "web_search_call",
        id: "ws_1",
        status: "completed",
        action: { type: "search", query: "codex cli" },
      },
    ]);
  });

  test("unknown events and item types are ignored", async () => {
    server.enqueue(
      responsesStream([
        { type: "response.in_progress", response: {} },
        { type: "response.output_item.done", item: { type: "image_generation_call", id: "ig" } },
        { type: "response.output_text.done", text: "x" },
        completed(),
      ]),
    );
    const { events, error } = await collect(client());
    expect(error).toBeNull();
    expect(events.map((event) => event.type)).toEqual(["created", "completed"]);
  });

  test("golden scenario1 replays three responses with their items and usage", async () => {
    server.enqueueAll(loadGoldenScenario("scenario1.json"));
    const first = await collect(client());
    expect(done(first.events).map((item) => item.type)).toEqual([
      "reasoning",
      "function_call",
      "function_call",
    ]);
    expect(first.events.at(-1)).toEqual({
      type: "completed",
      responseId: "r1",
      usage: {
        input_tokens: 100,
        cached_input_tokens: 10,
        cache_write_input_tokens: 0,
        output_tokens: 20,
        reasoning_output_tokens: 5,
        total_tokens: 120,
      },
    });
    const second = await collect(client());
    expect(done(second.events)[0]).toMatchObject({
      type: "custom_tool_call",
      name: "apply_patch",
      call_id: "call_patch",
    });
    const third = await collect(client());
    expect(done(third.events)).toEqual([
      { type: "message", id: "m1", role: "assistant", content: [{ type: "output_text", text: "All done." }] },
    ]);
  });

  test("golden scenario4 usage with null details counts zero cached tokens", async () => {
    server.enqueueAll(loadGoldenScenario("scenario4.json"));
    const { events } = await collect(client());
    expect(events.at(-1)).toEqual({
      type: "completed",
      responseId: "r1",
      usage: {
        input_tokens: 10,
        cached_input_tokens: 0,
        cache_write_input_tokens: 0,
        output_tokens: 2,
        reasoning_output_tokens: 0,
        total_tokens: 12,
      },
    });
  });
});

test("CODEX_RS_SSE_FIXTURE streams a recorded file without any request", async () => {
  const fixture = `${import.meta.dir}/fixtures/cli-responses-fixture.sse`;
  const offline = createModelClient(mockProvider("http://127.0.0.1:1/v1", { requires_openai_auth: true }), {
    ...clientOptions,
    env: { CODEX_RS_SSE_FIXTURE: fixture },
  });
  const { events, error } = await collect(offline);
  expect(error).toBeNull();
  expect(done(events)).toEqual([
    { type: "message", role: "assistant", content: [{ type: "output_text", text: "fixture hello" }] },
  ]);
  expect(events.at(-1)).toEqual({ type: "completed", responseId: "resp1", usage: null });
  expect(server.requests).toHaveLength(0);
});
