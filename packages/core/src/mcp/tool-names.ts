/**
 * Names of MCP tools as offered to the model: `server__tool`, at most 64 characters, only the
 * characters providers accept (`^[a-zA-Z0-9_-]+$`). A longer name keeps a prefix and ends with the
 * SHA-1 (hex) of the full name, so it stays stable across sessions and unique.
 */

const MCP_TOOL_NAME_DELIMITER = "__";
const MAX_TOOL_NAME_LENGTH = 64;

const SERVER_NAME = /^[a-zA-Z0-9_-]+$/;

/** Whether `name` is a valid `[mcp_servers.NAME]` key: letters, digits, `-` and `_`. */
export function isValidMcpServerName(name: string): boolean {
  return SERVER_NAME.test(name);
}

/** The name the model calls for tool `tool` of server `server`. */
export function qualifyToolName(server: string, tool: string): string {
  const full = `${server}${MCP_TOOL_NAME_DELIMITER}${tool}`.replace(/[^a-zA-Z0-9_-]/g, "_");
  if (full.length <= MAX_TOOL_NAME_LENGTH) return full;
  const sha1 = new Bun.CryptoHasher("sha1").update(full).digest("hex");
  return full.slice(0, MAX_TOOL_NAME_LENGTH - sha1.length) + sha1;
}

export type QualifiedTool<T> = { qualifiedName: string; server: string; tool: string; value: T };

/**
 * Qualifies the tools of every server in order; a name already taken is skipped and reported
 * through `onDuplicate` (the first one wins).
 */
export function qualifyTools<T>(
  entries: Iterable<{ server: string; tool: string; value: T }>,
  onDuplicate: (qualifiedName: string, server: string, tool: string) => void,
): Map<string, QualifiedTool<T>> {
  const out = new Map<string, QualifiedTool<T>>();
  for (const entry of entries) {
    const qualifiedName = qualifyToolName(entry.server, entry.tool);
    if (out.has(qualifiedName)) {
      onDuplicate(qualifiedName, entry.server, entry.tool);
      continue;
    }
    out.set(qualifiedName, { qualifiedName, ...entry });
  }
  return out;
}
