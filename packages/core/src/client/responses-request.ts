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
  const { reasoning, verbosity } = request;
  const schema = request.outputSchema ?? null;
  // Key order follows the reference's request (serde field order).
  return {
    model: request.model,
    instructions: request.instructions,
    input: request.input.map(itemToWire),
    tools: request.tools,
    tool_choice: "auto",
    parallel_tool_calls: request.parallelToolCalls,
    ...(reasoning !== null
      ? {
          reasoning: {
            ...(reasoning.effort !== null ? { effort: reasoning.effort } : {}),
            summary: reasoning.summary,
          },
        }
      : {}),
    store: false,
    stream: true,
    include: reasoning !== null ? ["reasoning.encrypted_content"] : [],
    prompt_cache_key: request.conversationId,
    ...(verbosity !== null || schema !== null
      ? {
          text: {
            ...(verbosity !== null ? { verbosity } : {}),
            ...(schema !== null
              ? {
                  format: {
                    type: "json_schema" as const,
                    strict: true as const,
                    schema,
                    name: OUTPUT_SCHEMA_NAME,
                  },
                }
              : {}),
          },
        }
      : {}),
  };
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
