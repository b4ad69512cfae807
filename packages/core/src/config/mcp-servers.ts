/** `[mcp_servers.NAME]` tables resolved to `McpServerConfig` (stdio or streamable HTTP). */
import { resolve } from "node:path";
import { ConfigError } from "./errors.ts";
import type { McpServerConfig } from "./types.ts";

const DEFAULT_STARTUP_TIMEOUT_MS = 10_000;
const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
function stringMap(value: unknown): Record<string, string> {
  return value && typeof value === "object" ? { ...(value as Record<string, string>) } : {};
}

export function resolveMcpServers(
  raw: Record<string, unknown>,
  options: { cwd: string },
): Record<string, McpServerConfig> {
  const out: Record<string, McpServerConfig> = {};
  for (const [name, value] of Object.entries(raw)) {
    const entry = (value ?? {}) as Record<string, unknown>;
    let transport: McpServerConfig["transport"];
    if (typeof entry.command === "string") {
      transport = {
        type: "stdio",
        command: entry.command,
        args: strings(entry.args),
        env: stringMap(entry.env),
        env_vars: strings(entry.env_vars),
        cwd: typeof entry.cwd === "string" ? resolve(options.cwd, entry.cwd) : null,
      };
    } else if (typeof entry.url === "string") {
      transport = {
        type: "streamable_http",
        url: entry.url,
        bearer_token_env_var:
          typeof entry.bearer_token_env_var === "string" ? entry.bearer_token_env_var : null,
        http_headers: stringMap(entry.http_headers),
        env_http_headers: stringMap(entry.env_http_headers),
      };
    } else {
      throw new ConfigError(
        `mcp_servers.${name}: set either \`command\` (a program started over stdio) or \`url\` (streamable HTTP)`,
      );
    }
    const startupMs =
      typeof entry.startup_timeout_ms === "number"
        ? entry.startup_timeout_ms
        : typeof entry.startup_timeout_sec === "number"
          ? entry.startup_timeout_sec * 1000
          : DEFAULT_STARTUP_TIMEOUT_MS;
    out[name] = {
      name,
      transport,
      enabled: entry.enabled !== false,
      startup_timeout_ms: startupMs,
      tool_timeout_ms:
        typeof entry.tool_timeout_sec === "number" ? entry.tool_timeout_sec * 1000 : DEFAULT_TOOL_TIMEOUT_MS,
      enabled_tools: Array.isArray(entry.enabled_tools) ? strings(entry.enabled_tools) : null,
      disabled_tools: strings(entry.disabled_tools),
    };
  }
  return out;
}
