/** The `POST /responses` body and per-request headers, in the reference's shape (§5 of the behaviour notes). */
import type { ProviderConfig } from "../config/types.ts";
import type { ModelRequest } from "./types.ts";
import { itemToWire } from "./wire-items.ts";

const AZURE_HOST_MARKERS = [
  "openai.azure.",
  "cognitiveservices.azure.",
  "aoai.azure.",
  "azure-api.",
  "azurefd.",
];

/**
 * Azure's Responses API rejects `store: false` with item ids and needs ids without it, so Azure
 * gets `store: true` and the history's item ids (as in the reference).
 */
export function isAzureResponsesEndpoint(provider: ProviderConfig): boolean {
  if (provider.wire_api !== "responses") return false;
  if (provider.name.toLowerCase() === "azure") return true;
  const base = provider.base_url?.toLowerCase() ?? "";
  return AZURE_HOST_MARKERS.some((marker) => base.includes(marker));
}

function withItemId(
  wire: Record<string, unknown>,
  item: ModelRequest["input"][number],
): Record<string, unknown> {
  const id = "id" in item ? item.id : undefined;
  return typeof id === "string" && id !== "" ? { ...wire, id } : wire;
}

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

export function buildResponsesBody(request: ModelRequest, options: { azure?: boolean } = {}): ResponsesBody {
  const azure = options.azure === true;
  const { reasoning, verbosity } = request;
  const schema = request.outputSchema ?? null;
  // Key order follows the reference's request (serde field order).
  return {
    model: request.model,
    instructions: request.instructions,
    input: request.input.map((item) => (azure ? withItemId(itemToWire(item), item) : itemToWire(item))),
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
    store: azure,
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
    ...request.headers,
  };
}
