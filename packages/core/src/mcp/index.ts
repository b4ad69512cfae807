/**
 * The MCP client: what the session and the CLI use. Importing this module is cheap: the SDK is
 * loaded only when a server starts (`server-connection.ts`, imported dynamically).
 */

export { killAllChildren } from "./child-reaper.ts";
export type { McpCliOutput } from "./cli-commands.ts";
export { mcpAdd, mcpGet, mcpList, mcpRemove } from "./cli-commands.ts";
export type { McpServerEntry } from "./config-edit.ts";
export { removeMcpServer, upsertMcpServer } from "./config-edit.ts";
export type { McpConnectionManagerOptions, McpServerStatus, McpToolEntry } from "./connection-manager.ts";
export { McpConnectionManager } from "./connection-manager.ts";
export { normaliseInputSchema } from "./schema.ts";
export { readToolCache, serverConfigHash, toolCacheDir, toolCachePath } from "./tool-cache.ts";
export { qualifyToolName } from "./tool-names.ts";
export type { McpCallToolResult, McpContent, McpTool } from "./types.ts";
export { McpServerError } from "./types.ts";
