/**
 * Conversation items in and out of the Responses API. Items from the server are reduced to the
 * fields Codex keeps (unknown item types are dropped); items sent back leave out server ids (the
 * history is resent with `store: false`, where ids would not resolve) and keep the reference's
 * field order.
 */
import type { ContentItem, ResponseItem } from "@codex/protocol";

type Json = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function contentItems(value: unknown): ContentItem[] {
  if (!Array.isArray(value)) return [];
  const items: ContentItem[] = [];
  for (const part of value as Json[]) {
    if (part?.type === "input_text" || part?.type === "output_text") {
      items.push({ type: part.type, text: str(part.text) ?? "" });
    } else if (part?.type === "input_image" && typeof part.image_url === "string") {
      items.push({ type: "input_image", image_url: part.image_url });
    } else if (part?.type === "refusal") {
      items.push({ type: "output_text", text: str(part.refusal) ?? "" });
    }
  }
  return items;
}

function textParts<T extends string>(value: unknown, types: T[]): Array<{ type: T; text: string }> | null {
  if (!Array.isArray(value)) return null;
  return (value as Json[])
    .filter((part) => types.includes(part?.type as T))
    .map((part) => ({ type: part.type as T, text: str(part.text) ?? "" }));
}

/** Parses an output item from `response.output_item.added/done`; null for item types Codex ignores. */
export function itemFromWire(raw: unknown): ResponseItem | null {
  if (raw === null || typeof raw !== "object") return null;
  const item = raw as Json;
  const id = str(item.id);
  switch (item.type) {
    case "message": {
      const role =
        item.role === "user" || item.role === "developer" || item.role === "system" ? item.role : "assistant";
      return { type: "message", ...(id ? { id } : {}), role, content: contentItems(item.content) };
    }
    case "reasoning":
      return {
        type: "reasoning",
        id: id ?? "",
        summary: textParts(item.summary, ["summary_text"]) ?? [],
        content: textParts(item.content, ["reasoning_text", "text"]),
        encrypted_content: str(item.encrypted_content) ?? null,
      };
    case "function_call":
      return {
        type: "function_call",
        ...(id ? { id } : {}),
        name: str(item.name) ?? "",
        arguments: str(item.arguments) ?? "",
        call_id: str(item.call_id) ?? "",
      };
    case "custom_tool_call":
      return {
        type: "custom_tool_call",
        ...(id ? { id } : {}),
        ...(str(item.status) ? { status: str(item.status) } : {}),
        call_id: str(item.call_id) ?? "",
        name: str(item.name) ?? "",
        input: str(item.input) ?? "",
      };
    case "local_shell_call": {
      const action = (item.action ?? {}) as Json;
      return {
        type: "local_shell_call",
        ...(id ? { id } : {}),
        call_id: str(item.call_id) ?? id ?? "",
        ...(str(item.status) ? { status: str(item.status) } : {}),
        action: {
          type: "exec",
          command: Array.isArray(action.command) ? action.command.map(String) : [],
          timeout_ms: typeof action.timeout_ms === "number" ? action.timeout_ms : null,
          working_directory: str(action.working_directory) ?? null,
          env: (action.env as Record<string, string> | null | undefined) ?? null,
        },
      };
    }
    case "web_search_call": {
      const action = item.action as Json | undefined;
      return {
        type: "web_search_call",
        ...(id ? { id } : {}),
        ...(str(item.status) ? { status: str(item.status) } : {}),
        ...(action && typeof action.type === "string" ? { action: action as never } : {}),
      };
    }
    case "function_call_output":
    case "custom_tool_call_output":
      return { type: item.type, call_id: str(item.call_id) ?? "", output: str(item.output) ?? "" };
    default:
      return null;
  }
}

/** Serialises a history item for the request `input`. */
export function itemToWire(item: ResponseItem): Json {
  switch (item.type) {
    case "message":
      return { type: "message", role: item.role, content: item.content };
    case "reasoning":
      return {
        type: "reasoning",
        summary: item.summary,
        content: item.content ?? null,
        encrypted_content: item.encrypted_content ?? null,
      };
    case "function_call":
      return { type: "function_call", name: item.name, arguments: item.arguments, call_id: item.call_id };
    case "function_call_output":
      return { type: "function_call_output", call_id: item.call_id, output: item.output };
    case "custom_tool_call":
      return {
        type: "custom_tool_call",
        ...(item.status ? { status: item.status } : {}),
        call_id: item.call_id,
        name: item.name,
        input: item.input,
      };
    case "custom_tool_call_output":
      return { type: "custom_tool_call_output", call_id: item.call_id, output: item.output };
    case "local_shell_call":
      return {
        type: "local_shell_call",
        call_id: item.call_id,
        status: item.status ?? "completed",
        action: item.action,
      };
    case "web_search_call":
      return {
        type: "web_search_call",
        ...(item.status ? { status: item.status } : {}),
        ...(item.action ? { action: item.action } : {}),
      };
  }
}
