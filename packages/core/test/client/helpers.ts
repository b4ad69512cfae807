import type { ModelClient, ModelRequest, ModelStreamEvent, ToolSpec } from "../../src/client/types.ts";
import { ModelError } from "../../src/client/types.ts";
import type { ProviderConfig } from "../../src/config/types.ts";

export function mockProvider(baseUrl: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: "mock",
    name: "mock",
    base_url: baseUrl,
    env_key: null,
    env_key_instructions: null,
    experimental_bearer_token: null,
    wire_api: "responses",
    query_params: {},
    http_headers: {},
    env_http_headers: {},
    request_max_retries: 0,
    stream_max_retries: 0,
    stream_idle_timeout_ms: 5_000,
    requires_openai_auth: false,
    ...overrides,
  };
}

export function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: "gpt-5-codex",
    instructions: "You are Codex.",
    input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }],
    tools: [],
    parallelToolCalls: false,
    reasoning: null,
    verbosity: null,
    outputSchema: null,
    conversationId: "conv-1",
    ...overrides,
  };
}

export const clientOptions = { auth: null, originator: "codex_exec", version: "0.1.0", env: {} };

/** Runs one stream to the end; returns its events, or the ModelError it ended with. */
export async function collect(
  client: ModelClient,
  req: ModelRequest = request(),
  signal: AbortSignal = new AbortController().signal,
): Promise<{ events: ModelStreamEvent[]; error: ModelError | null }> {
  const events: ModelStreamEvent[] = [];
  try {
    for await (const event of client.stream(req, { signal })) events.push(event);
    return { events, error: null };
  } catch (error) {
    if (error instanceof ModelError) return { events, error };
    throw error;
  }
}

export const shellTool: Extract<ToolSpec, { type: "function" }> = {
  type: "function",
  name: "shell",
  description: "Runs a shell command.",
  strict: false,
  parameters: { type: "object", properties: { command: { type: "array", items: { type: "string" } } } },
};
