/**
 * The MCP shapes this module keeps (a tool as listed by `tools/list`, a tool call's result), as
 * plain JSON types so that modules on the start-up path never import the SDK.
 */

/** A tool as a server lists it (`tools/list`), kept as sent. */
export type McpTool = {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: Record<string, unknown>;
};

/** A content block of a tool result (`text`, `image`, `audio`, `resource`, `resource_link`). */
export type McpContent = { type: string; [key: string]: unknown };

/** The result of `tools/call`. */
export type McpCallToolResult = {
  content: McpContent[];
  structuredContent?: unknown;
  isError?: boolean;
};

/** Why a server is not usable, for warnings and for errors returned to the model. */
export class McpServerError extends Error {
  override name = "McpServerError";
  constructor(
    readonly server: string,
    message: string,
  ) {
    super(message);
  }
}
