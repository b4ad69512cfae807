/** The `POST /responses` body and per-request headers, in the reference's shape (§5 of the behaviour notes). */
import type { ModelRequest } from "./types.ts";
import { itemToWire } from "./wire-items.ts";

export const OUTPUT_SCHEMA_NAME = "codex_output_schema";

export type ResponsesBody = {
  model: string;
  instructions: string;
  input: Record<string, unknown>[];
  tools: unknown[];
  tool_choice: "auto";
  parallel_tool_calls: boolean;
  reasoning?: { effort?: string; summary?: string };
  store: boolean;
  stream: true;
  include: string[];
  prompt_cache_key: string;
  text?: {
    verbosity?: string;
    format?: { type: "json_schema"; strict: true; schema: unknown; name: string };
  };
};

export function buildResponsesBody(request: ModelRequest): ResponsesBody {
  const body: ResponsesBody = {
    model: request.model,
    instructions: request.instructions,
    input: request.input.map(itemToWire),
    tools: request.tools,
    tool_choice: "auto",
    parallel_tool_calls: request.parallelToolCalls,
    store: false,
    stream: true,
    include: [],
    prompt_cache_key: request.conversationId,
  };
  if (request.reasoning !== null) {
    body.reasoning = {
      ...(request.reasoning.effort !== null ? { effort: request.reasoning.effort } : {}),
      summary: request.reasoning.summary,
    };
    body.include = ["reasoning.encrypted_content"];
  }
  if (request.verbosity !== null || (request.outputSchema !== null && request.outputSchema !== undefined)) {
    body.text = {
      ...(request.verbosity !== null ? { verbosity: request.verbosity } : {}),
      ...(request.outputSchema !== null && request.outputSchema !== undefined
        ? {
            format: {
              type: "json_schema",
              strict: true,
              schema: request.outputSchema,
              name: OUTPUT_SCHEMA_NAME,
            },
          }
        : {}),
    };
  }
  return body;
}

/** Headers the Responses API gets on top of the provider's. */
export function responsesRequestHeaders(request: ModelRequest): Record<string, string> {
  return {
    "OpenAI-Beta": "responses=experimental",
    conversation_id: request.conversationId,
    session_id: request.conversationId,
    "Codex-Task-Type": "standard",
    Accept: "text/event-stream",
  };
}
