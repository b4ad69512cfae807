/**
 * `codex mcp list | get | add | remove`, as functions the CLI calls with parsed options. Output
 * and exit codes follow Codex CLI 0.47 (`cli/src/mcp_cmd.rs`): the same texts, the same table
 * columns, the same JSON (keys sorted, as serde_json prints them). `add` and `remove` edit
 * `$CODEX_HOME/config.toml` in place, touching only the lines of that server.
 */
import { readConfigText, updateConfigFile, userConfigPath } from "../config/config-file.ts";
import { MCP_SERVER_KEYS } from "../config/keys/runtime.ts";
import type { McpServerConfig } from "../config/types.ts";
import { type McpServerEntry, removeMcpServer, upsertMcpServer } from "./config-edit.ts";
import { isValidMcpServerName } from "./tool-names.ts";

export type McpCliOutput = { stdout: (text: string) => void; stderr: (text: string) => void };

const defaultOutput: McpCliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const DEFAULT_STARTUP_TIMEOUT_MS = MCP_SERVER_KEYS.startup_timeout_sec.default * 1000;
const DEFAULT_TOOL_TIMEOUT_MS = MCP_SERVER_KEYS.tool_timeout_sec.default * 1000;

function fail(out: McpCliOutput, message: string, code = 1): number {
  out.stderr(code === 2 ? `error: ${message}\n` : `Error: ${message}\n`);
  return code;
}

function envDisplay(env: Record<string, string>, envVars: string[]): string {
  const parts = Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k]}`);
  for (const name of envVars) parts.push(`${name}=$${name}`);
  return parts.length > 0 ? parts.join(", ") : "-";
}

function pairsDisplay(map: Record<string, string>): string {
  const keys = Object.keys(map).sort();
  return keys.length > 0 ? keys.map((k) => `${k}=${map[k]}`).join(", ") : "-";
}

/** Seconds as Codex prints them; null when the setting is the default (Codex: not set). */
function timeoutSec(ms: number, defaultMs: number): number | null {
  return ms === defaultMs ? null : ms / 1000;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Pretty JSON as serde_json prints it (sorted keys; timeouts as floats, `10.0`). */
function serdeJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2).replace(
    /("(?:startup|tool)_timeout_sec": )(-?\d+)(,?)$/gm,
    (_m, key: string, n: string, comma: string) => `${key}${n}.0${comma}`,
  );
}

function emptyToNull(map: Record<string, string>): Record<string, string> | null {
  return Object.keys(map).length > 0 ? map : null;
}

function transportJson(config: McpServerConfig): Record<string, unknown> {
  const t = config.transport;
  if (t.type === "stdio") {
    return {
      type: "stdio",
      command: t.command,
      args: t.args,
      env: emptyToNull(t.env),
      env_vars: t.env_vars,
      cwd: t.cwd,
    };
  }
  return {
    type: "streamable_http",
    url: t.url,
    bearer_token_env_var: t.bearer_token_env_var,
    http_headers: emptyToNull(t.http_headers),
    env_http_headers: emptyToNull(t.env_http_headers),
  };
}

function serverJson(config: McpServerConfig): Record<string, unknown> {
  return {
    name: config.name,
    enabled: config.enabled,
    transport: transportJson(config),
    startup_timeout_sec: timeoutSec(config.startup_timeout_ms, DEFAULT_STARTUP_TIMEOUT_MS),
    tool_timeout_sec: timeoutSec(config.tool_timeout_ms, DEFAULT_TOOL_TIMEOUT_MS),
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

/** `codex mcp list [--json]`. */
export function mcpList(options: {
  servers: Readonly<Record<string, McpServerConfig>>;
  json: boolean;
  out?: McpCliOutput;
}): number {
  const out = options.out ?? defaultOutput;
  const entries = Object.keys(options.servers)
    .sort()
    .map((name) => options.servers[name] as McpServerConfig);
  if (options.json) {
    out.stdout(`${serdeJson(entries.map((c) => ({ ...serverJson(c), auth_status: "unsupported" })))}\n`);
    return 0;
  }
  if (entries.length === 0) {
    out.stdout("No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.\n");
    return 0;
  }
  const stdio: string[][] = [];
  const http: string[][] = [];
  for (const c of entries) {
    const status = c.enabled ? "enabled" : "disabled";
    const t = c.transport;
    if (t.type === "stdio") {
      const args = t.args.length > 0 ? t.args.join(" ") : "-";
      stdio.push([
        c.name,
        t.command,
        args,
        envDisplay(t.env, t.env_vars),
        t.cwd || "-",
        status,
        "Unsupported",
      ]);
    } else {
      http.push([c.name, t.url, t.bearer_token_env_var ?? "-", status, "Unsupported"]);
    }
  }
  const parts: string[] = [];
  if (stdio.length > 0) parts.push(table(["Name", "Command", "Args", "Env", "Cwd", "Status", "Auth"], stdio));
  if (http.length > 0) parts.push(table(["Name", "Url", "Bearer Token Env Var", "Status", "Auth"], http));
  out.stdout(parts.join("\n"));
  return 0;
}

/** `codex mcp get NAME [--json]`. */
export function mcpGet(options: {
  servers: Readonly<Record<string, McpServerConfig>>;
  name: string;
  json: boolean;
  out?: McpCliOutput;
}): number {
  const out = options.out ?? defaultOutput;
  const config = Object.hasOwn(options.servers, options.name) ? options.servers[options.name] : undefined;
  if (!config) return fail(out, `No MCP server named '${options.name}' found.`);
  if (options.json) {
    out.stdout(`${serdeJson({ ...serverJson(config), name: options.name })}\n`);
    return 0;
  }
  const lines = [options.name, `  enabled: ${config.enabled}`];
  const t = config.transport;
  if (t.type === "stdio") {
    lines.push(
      "  transport: stdio",
      `  command: ${t.command}`,
      `  args: ${t.args.length > 0 ? t.args.join(" ") : "-"}`,
      `  cwd: ${t.cwd || "-"}`,
      `  env: ${envDisplay(t.env, t.env_vars)}`,
    );
  } else {
    lines.push(
      "  transport: streamable_http",
      `  url: ${t.url}`,
      `  bearer_token_env_var: ${t.bearer_token_env_var ?? "-"}`,
      `  http_headers: ${pairsDisplay(t.http_headers)}`,
      `  env_http_headers: ${pairsDisplay(t.env_http_headers)}`,
    );
  }
  const startup = timeoutSec(config.startup_timeout_ms, DEFAULT_STARTUP_TIMEOUT_MS);
  if (startup !== null) lines.push(`  startup_timeout_sec: ${startup}`);
  const tool = timeoutSec(config.tool_timeout_ms, DEFAULT_TOOL_TIMEOUT_MS);
  if (tool !== null) lines.push(`  tool_timeout_sec: ${tool}`);
  lines.push(`  remove: codex mcp remove ${options.name}`);
  out.stdout(`${lines.join("\n")}\n`);
  return 0;
}

function validName(out: McpCliOutput, name: string): boolean {
  if (isValidMcpServerName(name)) return true;
  fail(out, `invalid server name '${name}' (use letters, numbers, '-', '_')`);
  return false;
}

/**
 * `codex mcp add NAME [--env K=V]… -- COMMAND…` or `codex mcp add NAME --url URL
 * [--bearer-token-env-var VAR]`. Usage errors exit 2 (as clap does), others 1.
 */
export function mcpAdd(options: {
  codexHome: string;
  name: string;
  /** The command and its arguments (after `--`); empty with `url`. */
  command: string[];
  /** Raw `--env` values, `KEY=VALUE` each. */
  env: string[];
  url: string | null;
  bearerTokenEnvVar: string | null;
  out?: McpCliOutput;
}): number {
  const out = options.out ?? defaultOutput;
  if (options.url !== null && options.command.length > 0)
    return fail(out, "the argument '--url <URL>' cannot be used with '[COMMAND]...'", 2);
  if (options.url === null && options.command.length === 0)
    return fail(out, "the following required arguments were not provided:\n  <COMMAND|--url <URL>>", 2);
  if (options.bearerTokenEnvVar !== null && options.url === null)
    return fail(out, "the argument '--bearer-token-env-var <ENV_VAR>' requires '--url <URL>'", 2);
  if (options.url !== null && options.env.length > 0)
    return fail(out, "--env is only valid with stdio servers (a command after `--`)", 2);
  const env: Record<string, string> = {};
  for (const raw of options.env) {
    const eq = raw.indexOf("=");
    const key = eq === -1 ? "" : raw.slice(0, eq).trim();
    if (key === "")
      return fail(
        out,
        `invalid value '${raw}' for '--env <KEY=VALUE>': environment entries must be in KEY=VALUE form`,
        2,
      );
    env[key] = raw.slice(eq + 1);
  }
  if (!validName(out, options.name)) return 1;
  const entry: McpServerEntry =
    options.url !== null
      ? { type: "streamable_http", url: options.url, bearer_token_env_var: options.bearerTokenEnvVar }
      : {
          type: "stdio",
          command: options.command[0] as string,
          args: options.command.slice(1),
          env,
        };
  try {
    updateConfigFile(userConfigPath(options.codexHome), (text) => upsertMcpServer(text, options.name, entry));
  } catch (error) {
    return fail(out, `failed to write MCP servers to ${options.codexHome}: ${(error as Error).message}`);
  }
  out.stdout(`Added global MCP server '${options.name}'.\n`);
  return 0;
}

/** `codex mcp remove NAME`. */
export function mcpRemove(options: { codexHome: string; name: string; out?: McpCliOutput }): number {
  const out = options.out ?? defaultOutput;
  if (!validName(out, options.name)) return 1;
  const path = userConfigPath(options.codexHome);
  try {
    if (!removeMcpServer(readConfigText(path), options.name).removed) {
      out.stdout(`No MCP server named '${options.name}' found.\n`);
      return 0;
    }
    updateConfigFile(path, (text) => removeMcpServer(text, options.name).text);
  } catch (error) {
    return fail(out, `failed to write MCP servers to ${options.codexHome}: ${(error as Error).message}`);
  }
  out.stdout(`Removed global MCP server '${options.name}'.\n`);
  return 0;
}
