/**
 * The `POST /chat/completions` body: history items become chat messages (assistant `tool_calls`
 * followed by `tool` results), function tools become chat tools. Tools the chat API cannot take
 * (freeform/custom, web_search, local_shell) are left out.
 */
import type { ContentItem, ResponseItem } from "@codex/protocol";
import { OUTPUT_SCHEMA_NAME } from "./responses-request.ts";
import type { ModelRequest, ToolSpec } from "./types.ts";

type ChatToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

type ChatMessage =
  | { role: "system" | "user"; content: string | ChatContentPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[]; reasoning?: string }
  | { role: "tool"; tool_call_id: string; content: string };

type ChatContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

type ChatTool = {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
};

export type ChatBody = {
  model: string;
  messages: ChatMessage[];
  stream: true;
  stream_options: { include_usage: true };
  tools?: ChatTool[];
  response_format?: { type: "json_schema"; json_schema: { name: string; schema: unknown; strict: true } };
};

function messageContent(content: ContentItem[]): string | ChatContentPart[] {
  if (!content.some((part) => part.type === "input_image")) {
    return content.map((part) => (part.type === "input_image" ? "" : part.text)).join("");
  }
  return content.map((part) =>
    part.type === "input_image"
      ? { type: "image_url" as const, image_url: { url: part.image_url } }
      : { type: "text" as const, text: part.text },
  );
}

function reasoningText(item: Extract<ResponseItem, { type: "reasoning" }>): string {
  const parts = item.content?.length ? item.content : item.summary;
  return parts.map((part) => part.text).join("");
}

/** Converts the history to chat messages, system prompt first. */
function chatMessages(instructions: string, input: ResponseItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (instructions !== "") messages.push({ role: "system", content: instructions });
  let pendingReasoning = "";

  const assistantForCall = (): Extract<ChatMessage, { role: "assistant" }> => {
    const last = messages.at(-1);
    if (last?.role === "assistant") return last;
    const created: Extract<ChatMessage, { role: "assistant" }> = { role: "assistant", content: null };
    if (pendingReasoning !== "") created.reasoning = pendingReasoning;
    pendingReasoning = "";
    messages.push(created);
    return created;
  };
  const addCall = (call: ChatToolCall) => {
    const message = assistantForCall();
    message.tool_calls = [...(message.tool_calls ?? []), call];
  };

  for (const item of input) {
    switch (item.type) {
      case "message": {
        if (item.role === "assistant") {
          const text = item.content.map((part) => ("text" in part ? part.text : "")).join("");
          const message: Extract<ChatMessage, { role: "assistant" }> = { role: "assistant", content: text };
          if (pendingReasoning !== "") message.reasoning = pendingReasoning;
          pendingReasoning = "";
          messages.push(message);
        } else {
          pendingReasoning = "";
          messages.push({
            role: item.role === "user" ? "user" : "system",
            content: messageContent(item.content),
          });
        }
        break;
      }
      case "reasoning":
        pendingReasoning += reasoningText(item);
        break;
      case "function_call":
        addCall({
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: item.arguments },
        });
        break;
      case "custom_tool_call":
        addCall({ id: item.call_id, type: "function", function: { name: item.name, arguments: item.input } });
        break;
      case "local_shell_call":
        addCall({
          id: item.call_id,
          type: "function",
          function: {
            name: "shell",
            arguments: JSON.stringify({
              command: item.action.command,
              ...(item.action.working_directory ? { workdir: item.action.working_directory } : {}),
              ...(item.action.timeout_ms ? { timeout_ms: item.action.timeout_ms } : {}),
            }),
          },
        });
        break;
      case "function_call_output":
      case "custom_tool_call_output":
        messages.push({ role: "tool", tool_call_id: item.call_id, content: item.output });
        break;
      case "web_search_call":
        break;
    }
  }
  return messages;
}

function chatTools(tools: ToolSpec[]): ChatTool[] {
  const result: ChatTool[] = [];
  for (const tool of tools) {
    if (tool.type !== "function") continue;
    result.push({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    });
  }
  return result;
}

export function buildChatBody(request: ModelRequest): ChatBody {
  const body: ChatBody = {
    model: request.model,
    messages: chatMessages(request.instructions, request.input),
    stream: true,
    stream_options: { include_usage: true },
  };
  const tools = chatTools(request.tools);
  if (tools.length > 0) body.tools = tools;
  if (request.outputSchema !== null && request.outputSchema !== undefined) {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: OUTPUT_SCHEMA_NAME, schema: request.outputSchema, strict: true },
    };
  }
  return body;
}
