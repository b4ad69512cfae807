/**
 * MCP tools as `ToolHandler`s for the turn loop. Each call shows up as an `mcp_tool_call` item
 * (started, then completed or failed, with server, tool, arguments, result or error); the model
 * gets the result as text, or the error as a failed call: the turn goes on either way. Images in a
 * result follow the call's output as a user message, so the model sees them as images.
 */
import type { McpToolCallItem } from "@codex/protocol";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../tools/types.ts";
import { ToolInputError } from "../tools/types.ts";
import type { McpConnectionManager, McpToolEntry } from "./connection-manager.ts";
import { itemResult, toolResultForModel } from "./tool-output.ts";
import type { McpCallToolResult } from "./types.ts";

/** The call's JSON arguments: `undefined` when empty, else an object (or a `ToolInputError`). */
export function parseArguments(call: ToolCall): Record<string, unknown> | undefined {
  if (call.payload.kind !== "function")
    throw new ToolInputError(`${call.name} expects function-call arguments`);
  const raw = call.payload.arguments;
  if (raw.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new ToolInputError(`failed to parse function arguments: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ToolInputError("failed to parse function arguments: expected a JSON object");
  return value as Record<string, unknown>;
}

/**
 * Runs `work` as one `mcp_tool_call` item: emits item_started, then item_completed with the result
 * or the error, and returns what the model reads.
 */
export async function runAsItem(
  ctx: ToolContext,
  invocation: { server: string; tool: string; arguments: unknown },
  work: () => Promise<McpCallToolResult>,
): Promise<ToolResult> {
  const started: McpToolCallItem = {
    id: ctx.nextItemId(),
    type: "mcp_tool_call",
    server: invocation.server,
    tool: invocation.tool,
    arguments: invocation.arguments ?? {},
    result: null,
    error: null,
    status: "in_progress",
  };
  ctx.emit({ type: "item_started", item: started });
  let result: McpCallToolResult;
  try {
    result = await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.emit({ type: "item_completed", item: { ...started, error: { message }, status: "failed" } });
    return { output: `tool call error: ${message}`, success: false };
  }
  const model = toolResultForModel(result);
  ctx.emit({
    type: "item_completed",
    item: { ...started, result: itemResult(result), status: model.success ? "completed" : "failed" },
  });
  const images = (model.contentItems ?? []).filter((c) => c.type === "input_image");
  if (images.length > 0) ctx.injectInput?.([{ type: "message", role: "user", content: images }]);
  return { output: model.output, success: model.success };
}

/** The handler for one qualified MCP tool (`server__tool`). */
export function mcpToolHandler(manager: McpConnectionManager, entry: McpToolEntry): ToolHandler {
  return {
    spec: entry.spec,
    async run(call, ctx) {
      const args = parseArguments(call);
      return runAsItem(ctx, { server: entry.server, tool: entry.tool, arguments: args }, () =>
        manager.callTool(entry.server, entry.tool, args, { signal: ctx.signal }),
      );
    },
  };
}
