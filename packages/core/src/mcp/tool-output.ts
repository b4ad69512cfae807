/**
 * Turns an MCP `tools/call` result into what the model reads: text (structured content as JSON
 * when the server gives it, else the content blocks in order, each as readable text) and, when the
 * result holds images, `input_image` items for wires that can carry them.
 */
import type { ContentItem, McpToolCallItem } from "@codex/protocol";
import type { McpCallToolResult, McpContent } from "./types.ts";

export type McpModelOutput = {
  output: string;
  success: boolean;
  /** Text plus images, for a wire that accepts content items in a tool output; null when text only. */
  contentItems: ContentItem[] | null;
};

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function blockText(block: McpContent): string {
  switch (block.type) {
    case "text":
      return str(block.text) ?? "";
    case "image":
      return `[image: ${str(block.mimeType) ?? "unknown type"}]`;
    case "audio":
      return `[audio: ${str(block.mimeType) ?? "unknown type"} (not shown)]`;
    case "resource": {
      const resource = (block.resource ?? {}) as Record<string, unknown>;
      const text = str(resource.text);
      if (text !== null) return text;
      const size = str(resource.blob)?.length ?? 0;
      return `[resource ${str(resource.uri) ?? ""} (${str(resource.mimeType) ?? "binary"}, ${Math.floor((size * 3) / 4)} bytes, not shown)]`;
    }
    case "resource_link": {
      const name = str(block.name);
      const description = str(block.description);
      return `[resource link: ${str(block.uri) ?? ""}${name ? ` (${name})` : ""}${description ? ` — ${description}` : ""}]`;
    }
    default:
      return JSON.stringify(block);
  }
}

export function toolResultForModel(result: McpCallToolResult): McpModelOutput {
  const content = Array.isArray(result.content) ? result.content : [];
  const success = result.isError !== true;
  const structured = result.structuredContent;
  const output =
    structured !== undefined && structured !== null
      ? JSON.stringify(structured)
      : content.map(blockText).join("\n");
  const images: ContentItem[] = [];
  for (const block of content) {
    if (block.type === "image" && typeof block.data === "string") {
      const mime = str(block.mimeType) ?? "image/png";
      images.push({ type: "input_image", image_url: `data:${mime};base64,${block.data}` });
    }
  }
  const contentItems: ContentItem[] | null =
    images.length > 0 ? [{ type: "input_text", text: output }, ...images] : null;
  return { output, success, contentItems };
}

/** The `result` field of an `mcp_tool_call` item. */
export function itemResult(result: McpCallToolResult): NonNullable<McpToolCallItem["result"]> {
  return {
    content: Array.isArray(result.content) ? result.content : [],
    structured_content: result.structuredContent ?? null,
  };
}
