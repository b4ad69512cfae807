/**
 * `[mcp_servers.NAME]` as `codex mcp add/remove` write it, through the comment-preserving config
 * editor: only the lines that define that server change.
 */
import { tomlKey, tomlString } from "../config/toml-document.ts";
import { removeTomlPath, replaceTomlTable } from "../config/toml-edit.ts";

export type McpServerEntry =
  | { type: "stdio"; command: string; args: string[]; env: Record<string, string> }
  | { type: "streamable_http"; url: string; bearer_token_env_var: string | null };

/** The table body for one server (an `env` sub-table for stdio servers with environment). */
function renderServerBody(name: string, entry: McpServerEntry): string {
  const lines: string[] = [];
  if (entry.type === "stdio") {
    lines.push(`command = ${tomlString(entry.command)}`);
    if (entry.args.length > 0) lines.push(`args = [${entry.args.map(tomlString).join(", ")}]`);
    const env = Object.entries(entry.env).sort(([a], [b]) => (a < b ? -1 : 1));
    if (env.length > 0) {
      lines.push("", `[mcp_servers.${tomlKey(name)}.env]`);
      for (const [k, v] of env) lines.push(`${tomlKey(k)} = ${tomlString(v)}`);
    }
  } else {
    lines.push(`url = ${tomlString(entry.url)}`);
    if (entry.bearer_token_env_var)
      lines.push(`bearer_token_env_var = ${tomlString(entry.bearer_token_env_var)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Removes every definition of `mcp_servers.NAME` (and its comments); the rest is unchanged. */
export function removeMcpServer(text: string, name: string): { text: string; removed: boolean } {
  return removeTomlPath(text, ["mcp_servers", name]);
}

/** Adds the tables of server `name`, or replaces its definition in place (comments above stay). */
export function upsertMcpServer(text: string, name: string, entry: McpServerEntry): string {
  return replaceTomlTable(text, ["mcp_servers", name], renderServerBody(name, entry));
}
