/** `[mcp_servers.NAME]` tables resolved to `McpServerConfig` (stdio or streamable HTTP). */
import { resolve } from "node:path";
import { ConfigError } from "./errors.ts";
import type { Settings } from "./keys/index.ts";
import type { McpServerConfig } from "./types.ts";

export function resolveMcpServers(
  servers: Settings["mcp_servers"],
  options: { cwd: string },
): Record<string, McpServerConfig> {
  const out: Record<string, McpServerConfig> = {};
  for (const [name, entry] of Object.entries(servers)) {
    let transport: McpServerConfig["transport"];
    if (entry.command !== null) {
      transport = {
        type: "stdio",
        command: entry.command,
        args: [...entry.args],
        env: { ...entry.env },
        env_vars: [...entry.env_vars],
        cwd: entry.cwd !== null ? resolve(options.cwd, entry.cwd) : null,
      };
    } else if (entry.url !== null) {
      transport = {
        type: "streamable_http",
        url: entry.url,
        bearer_token_env_var: entry.bearer_token_env_var,
        http_headers: { ...entry.http_headers },
        env_http_headers: { ...entry.env_http_headers },
      };
    } else {
      throw new ConfigError(
        `mcp_servers.${name}: set either \`command\` (a program started over stdio) or \`url\` (streamable HTTP)`,
      );
    }
    out[name] = {
      name,
      transport,
      enabled: entry.enabled,
      startup_timeout_ms: entry.startup_timeout_ms ?? entry.startup_timeout_sec * 1000,
      tool_timeout_ms: entry.tool_timeout_sec * 1000,
      enabled_tools: entry.enabled_tools === null ? null : [...entry.enabled_tools],
      disabled_tools: [...entry.disabled_tools],
    };
  }
  return out;
}
