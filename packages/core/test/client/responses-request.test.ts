import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  completed,
  type MockModelServer,
  responsesStream,
  startMockModelServer,
  textResponse,
} from "@codex/test-support";
import { createModelClient } from "../../src/client/create-model-client.ts";
import { isAzureResponsesEndpoint } from "../../src/client/responses-request.ts";
import type { ToolSpec } from "../../src/client/types.ts";
import { clientOptions, collect, mockProvider, request, shellTool } from "./helpers.ts";

let server: MockModelServer;
beforeEach(async () => {
  server = await startMockModelServer();
  server.enqueue(responsesStream([textResponse("ok"), completed()]));
});
afterEach(() => server.close());

const patchTool: ToolSpec = {
  type: "custom",
  name: "apply_patch",
  description: "Edit files.",
  format: { type: "grammar", syntax: "lark", definition: "start: x" },
};

describe("Responses request body", () => {
  test("has the reference's fields and order, with reasoning, include and prompt_cache_key", async () => {
    const client = createModelClient(mockProvider(server.baseUrl), clientOptions);
    const result = await collect(
      client,
      request({
        tools: [shellTool, patchTool],
        reasoning: { effort: null, summary: "auto" },
        conversationId: "01a209e1-4013-74e1-a898-d982c689866e",
      }),
    );
    expect(result.error).toBeNull();
    const { path, body } = server.lastRequest();
    expect(path).toBe("/v1/responses");
    expect(Object.keys(body as object)).toEqual([
      "model",
      "instructions",
      "input",
      "tools",
      "tool_choice",
      "parallel_tool_calls",
      "reasoning",
      "store",
      "stream",
      "include",
      "prompt_cache_key",
    ]);
    expect(body).toMatchObject({
      model: "gpt-5-codex",
      instructions: "You are Codex.",
      tools: [shellTool, patchTool],
      tool_choice: "auto",
      parallel_tool_calls: false,
      reasoning: { summary: "auto" },
      store: false,
      stream: true,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: "01a209e1-4013-74e1-a898-d982c689866e",
    });
    expect((body as { text?: unknown }).text).toBeUndefined();
  });

  test("without reasoning: no reasoning key and an empty include", async () => {
    await collect(createModelClient(mockProvider(server.baseUrl), clientOptions), request());
    const body = server.lastRequest().body as Record<string, unknown>;
    expect(body.reasoning).toBeUndefined();
    expect(body.include).toEqual([]);
  });

  test("effort, verbosity and an output schema", async () => {
    const schema = {
      type: "object",
      properties: { ok: { type: "boolean" } },
      required: ["ok"],
      additionalProperties: false,
    };
    await collect(
      createModelClient(mockProvider(server.baseUrl), clientOptions),
      request({ reasoning: { effort: "high", summary: "detailed" }, verbosity: "low", outputSchema: schema }),
    );
    const body = server.lastRequest().body as Record<string, unknown>;
    expect(body.reasoning).toEqual({ effort: "high", summary: "detailed" });
    expect(body.text).toEqual({
      verbosity: "low",
      format: { type: "json_schema", strict: true, schema, name: "codex_output_schema" },
    });
  });

  test("history items are resent without server ids, in the reference's shape", async () => {
    await collect(
      createModelClient(mockProvider(server.baseUrl), clientOptions),
      request({
        input: [
          {
            type: "message",
            id: "msg_1",
            role: "user",
            content: [{ type: "input_text", text: "Do the thing\n" }],
          },
          {
            type: "reasoning",
            id: "rs1",
            summary: [{ type: "summary_text", text: "**Planning**" }],
            encrypted_content: null,
          },
          {
            type: "function_call",
            id: "fc_1",
            name: "shell",
            arguments: '{"command":["ls"]}',
            call_id: "call_sh",
          },
          { type: "function_call_output", call_id: "call_sh", output: "Exit code: 0" },
          {
            type: "custom_tool_call",
            id: "ctc_1",
            call_id: "call_patch",
            name: "apply_patch",
            input: "*** Begin Patch",
          },
          { type: "custom_tool_call_output", call_id: "call_patch", output: "Success." },
          {
            type: "message",
            id: "m1",
            role: "assistant",
            content: [{ type: "output_text", text: "All done." }],
          },
        ],
      }),
    );
    expect((server.lastRequest().body as { input: unknown[] }).input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "Do the thing\n" }] },
      {
        type: "reasoning",
        summary: [{ type: "summary_text", text: "**Planning**" }],
        content: null,
        encrypted_content: null,
      },
      { type: "function_call", name: "shell", arguments: '{"command":["ls"]}', call_id: "call_sh" },
      { type: "function_call_output", call_id: "call_sh", output: "Exit code: 0" },
      { type: "custom_tool_call", call_id: "call_patch", name: "apply_patch", input: "*** Begin Patch" },
      { type: "custom_tool_call_output", call_id: "call_patch", output: "Success." },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "All done." }] },
    ]);
  });
});

describe("Responses request headers", () => {
  test("originator, session ids, OpenAI-Beta, User-Agent, Accept, no SDK telemetry", async () => {
    await collect(
      createModelClient(mockProvider(server.baseUrl), { ...clientOptions, version: "0.47.0" }),
      request({ conversationId: "conv-42" }),
    );
    const { headers } = server.lastRequest();
    expect(headers.originator).toBe("codex_exec");
    expect(headers.conversation_id).toBe("conv-42");
    expect(headers.session_id).toBe("conv-42");
    expect(headers["openai-beta"]).toBe("responses=experimental");
    expect(headers.accept).toBe("text/event-stream");
    expect(headers["codex-task-type"]).toBe("standard");
    expect(headers["user-agent"]).toMatch(/^codex_exec\/0\.47\.0 \(.+; .+\) unknown$/);
    expect(Object.keys(headers).filter((name) => name.startsWith("x-stainless"))).toEqual([]);
    expect(headers.authorization).toBeUndefined();
    expect(headers["openai-organization"]).toBeUndefined();
  });

  test("CODEX_INTERNAL_ORIGINATOR_OVERRIDE replaces the originator; the TUI default is codex_cli_rs", async () => {
    await collect(
      createModelClient(mockProvider(server.baseUrl), {
        ...clientOptions,
        env: { CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "codex_sdk_ts", TERM_PROGRAM: "vscode" },
      }),
    );
    expect(server.lastRequest().headers.originator).toBe("codex_sdk_ts");
    expect(server.lastRequest().headers["user-agent"]).toMatch(/^codex_sdk_ts\/0\.1\.0 .* vscode$/);
    server.enqueue(responsesStream([completed()]));
    await collect(
      createModelClient(mockProvider(server.baseUrl), { ...clientOptions, originator: "codex_cli_rs" }),
    );
    expect(server.lastRequest().headers.originator).toBe("codex_cli_rs");
  });

  test("API key auth, provider http_headers, env_http_headers and query_params", async () => {
    const provider = mockProvider(server.baseUrl, {
      requires_openai_auth: true,
      http_headers: { version: "0.47.0", "X-Custom": "yes" },
      env_http_headers: { "OpenAI-Organization": "OPENAI_ORGANIZATION", "OpenAI-Project": "OPENAI_PROJECT" },
      query_params: { "api-version": "2025-04-01-preview" },
    });
    await collect(
      createModelClient(provider, {
        ...clientOptions,
        auth: { mode: "api_key", apiKey: "sk-test", source: "CODEX_API_KEY" },
        env: { OPENAI_ORGANIZATION: "org-1", OPENAI_PROJECT: "" },
      }),
    );
    const recorded = server.lastRequest();
    expect(recorded.headers.authorization).toBe("Bearer sk-test");
    expect(recorded.headers.version).toBe("0.47.0");
    expect(recorded.headers["x-custom"]).toBe("yes");
    expect(recorded.headers["openai-organization"]).toBe("org-1");
    expect(recorded.headers["openai-project"]).toBeUndefined();
    expect(recorded.query).toEqual({ "api-version": "2025-04-01-preview" });
  });

  test("env_key supplies the bearer token", async () => {
    const provider = mockProvider(server.baseUrl, { env_key: "MOCK_KEY" });
    await collect(createModelClient(provider, { ...clientOptions, env: { MOCK_KEY: "secret-1" } }));
    expect(server.lastRequest().headers.authorization).toBe("Bearer secret-1");
  });
});

describe("Azure Responses endpoints", () => {
  test("get store: true and keep item ids", async () => {
    const provider = mockProvider(server.baseUrl, { name: "azure" });
    await collect(
      createModelClient(provider, clientOptions),
      request({
        input: [
          { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
          { type: "function_call", id: "fc_1", name: "shell", arguments: "{}", call_id: "c1" },
        ],
      }),
    );
    const body = server.lastRequest().body as { store: boolean; input: Array<Record<string, unknown>> };
    expect(body.store).toBe(true);
    expect(body.input[0]?.id).toBeUndefined();
    expect(body.input[1]?.id).toBe("fc_1");
  });

  test("are recognised by host too", () => {
    expect(isAzureResponsesEndpoint(mockProvider("https://x.openai.azure.com/openai/v1"))).toBe(true);
    expect(isAzureResponsesEndpoint(mockProvider("https://api.openai.com/v1"))).toBe(false);
    expect(
      isAzureResponsesEndpoint(mockProvider("https://x.openai.azure.com/openai", { wire_api: "chat" })),
    ).toBe(false);
  });
});

test("the SDK's own environment variables (OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_BASE_URL, OPENAI_API_KEY) are ignored", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, {
    OPENAI_ORG_ID: "org-sdk",
    OPENAI_PROJECT_ID: "proj-sdk",
    OPENAI_BASE_URL: "http://127.0.0.1:1/v1",
    OPENAI_API_KEY: "sk-from-process-env",
  });
  try {
    const { error } = await collect(createModelClient(mockProvider(server.baseUrl), clientOptions));
    expect(error).toBeNull();
    const { headers } = server.lastRequest();
    expect(headers["openai-organization"]).toBeUndefined();
    expect(headers["openai-project"]).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
  } finally {
    for (const name of ["OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_BASE_URL", "OPENAI_API_KEY"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
});
