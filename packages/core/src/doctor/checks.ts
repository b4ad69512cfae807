/**
 * The checks of `codex doctor`. Each returns a `DoctorCheck`; none throws. Secrets are never
 * printed: a key shows as its first and last characters.
 */
import { accessSync, constants, statSync } from "node:fs";
import { arch, platform } from "node:os";
import { CODEX_VERSION } from "@codex/protocol";
import { checkSessionSandbox, probeSandbox } from "@codex/sandbox";
import { safeFormatKey } from "../auth/login.ts";
import { resolveAuth } from "../auth/resolve-auth.ts";
import { resolveEndpoint } from "../client/provider-endpoint.ts";
import type { ConfigSource, LoadedConfig } from "../config/load.ts";
import type { Config } from "../config/types.ts";
import { McpConnectionManager } from "../mcp/connection-manager.ts";
import { readToolCache } from "../mcp/tool-cache.ts";
import type { DoctorCheck } from "./report.ts";

const REACHABILITY_TIMEOUT_MS = 5_000;

function sourceLabel(source: ConfigSource): string {
  return source.path === null ? "-c/--config" : `${source.kind} (${source.path})`;
}

export function environmentCheck(codexHome: string): DoctorCheck {
  const details = [
    `version: ${CODEX_VERSION}`,
    `platform: ${platform()}-${arch()}`,
    `executable: ${process.execPath}`,
    `CODEX_HOME: ${codexHome}`,
  ];
  try {
    if (!statSync(codexHome).isDirectory()) throw new Error("not a directory");
    accessSync(codexHome, constants.W_OK);
  } catch (error) {
    return {
      section: "Environment",
      name: "codex home",
      status: "fail",
      summary: `${codexHome} is not a writable directory (${(error as Error).message}); create it or set CODEX_HOME`,
      details,
    };
  }
  return { section: "Environment", name: "codex home", status: "ok", summary: codexHome, details };
}

export function configCheck(loaded: LoadedConfig): DoctorCheck {
  const details = [
    ...loaded.warnings.flatMap((warning) => warning.split("\n")),
    ...loaded.sources.map((source) => `file: ${sourceLabel(source)}`),
    ...Object.entries(loaded.origins)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, source]) => `${key} <- ${sourceLabel(source)}`),
  ];
  const { config } = loaded;
  const summary = `loaded · model ${config.model} · provider ${config.model_provider.id}${config.active_profile ? ` · profile ${config.active_profile}` : ""}`;
  const status = loaded.warnings.length > 0 ? "warn" : "ok";
  return { section: "Configuration", name: "config", status, summary, details };
}

export function configFailure(message: string): DoctorCheck {
  return {
    section: "Configuration",
    name: "config",
    status: "fail",
    summary: "cannot be loaded",
    details: message.split("\n"),
  };
}

export function authCheck(config: Config, env: NodeJS.ProcessEnv): DoctorCheck {
  const provider = config.model_provider;
  const base = { section: "Authentication" as const, name: "auth" };
  try {
    const auth = resolveAuth({ codexHome: config.codexHome, env });
    const endpoint = resolveEndpoint(provider, {
      auth,
      originator: "codex_cli_rs",
      version: CODEX_VERSION,
      env,
    });
    const details = [`provider: ${provider.id} (${provider.name})`];
    if (endpoint.bearer === null)
      return { ...base, status: "ok", summary: `provider \`${provider.id}\` needs no credentials`, details };
    const from = provider.experimental_bearer_token
      ? "experimental_bearer_token in config"
      : provider.env_key
        ? `$${provider.env_key}`
        : (auth?.source ?? "?");
    details.push(`credentials: ${safeFormatKey(endpoint.bearer)} from ${from}`);
    if (!provider.env_key && env.CODEX_API_KEY) details.push("codex exec uses $CODEX_API_KEY first");
    return { ...base, status: "ok", summary: `API key from ${from}`, details };
  } catch (error) {
    return {
      ...base,
      status: "fail",
      summary: (error as Error).message,
      details: [`provider: ${provider.id}`],
    };
  }
}

export async function sandboxCheck(config: Config): Promise<DoctorCheck> {
  const probe = probeSandbox({ backend: config.linux_sandbox_backend });
  const session = await checkSessionSandbox({
    backend: config.linux_sandbox_backend,
    env: process.env,
    cwd: config.cwd,
  });
  const details = [
    `sandbox_mode: ${config.sandbox_mode}`,
    `approval_policy: ${config.approval_policy}`,
    `linux backend setting: ${config.linux_sandbox_backend}`,
    ...probe.details,
  ];
  if (session !== null)
    details.push(
      session.works
        ? "session sandbox: works (each conversation's commands enter one running bwrap)"
        : `session sandbox: off, each command starts a bwrap of its own (${session.problem})`,
    );
  if (config.sandbox_policy.mode === "workspace-write")
    for (const root of config.sandbox_policy.writable_roots) details.push(`writable root: ${root}`);
  return {
    section: "Sandbox",
    name: "sandbox",
    status: probe.tier === null ? "fail" : "ok",
    summary: probe.summary,
    details,
  };
}

/** Starts every enabled MCP server once (without its cached tool list) and reports how it went. */
export async function mcpChecks(config: Config): Promise<DoctorCheck[]> {
  const enabled = Object.values(config.mcp_servers).filter((server) => server.enabled);
  const disabled = Object.values(config.mcp_servers).filter((server) => !server.enabled);
  if (enabled.length === 0) {
    const summary =
      disabled.length > 0 ? `${disabled.length} configured, all disabled` : "no MCP servers configured";
    return [{ section: "MCP servers", name: "mcp", status: "idle", summary, details: [] }];
  }
  const manager = new McpConnectionManager({
    servers: Object.fromEntries(enabled.map((server) => [server.name, server])),
    codexHome: config.codexHome,
    cwd: config.cwd,
    noCache: true,
    onWarning: () => {},
  });
  const off = disabled.map(
    (server): DoctorCheck => ({
      section: "MCP servers",
      name: server.name,
      status: "idle",
      summary: "disabled (enabled = false)",
      details: [],
    }),
  );
  // What a session would find cached, read before this run refreshes the cache.
  const cachedCounts = new Map(
    enabled.map((server) => [server.name, readToolCache(config.codexHome, server)?.length]),
  );
  try {
    manager.start();
    await manager.ready();
    const started = manager.status().map((status): DoctorCheck => {
      const transport = config.mcp_servers[status.name]?.transport;
      const cached = cachedCounts.get(status.name);
      const details = [
        `transport: ${transport?.type === "stdio" ? `stdio (${transport.command})` : `streamable HTTP (${transport?.url})`}`,
        `cached tool list: ${cached === undefined ? "none" : `${cached} tools`}`,
      ];
      const failed = status.failure !== null;
      return {
        section: "MCP servers",
        name: status.name,
        status: failed ? "fail" : "ok",
        summary: failed ? `failed to start: ${status.failure}` : `started, ${status.toolCount} tools`,
        details,
      };
    });
    return [...started, ...off];
  } finally {
    await manager.shutdown();
  }
}

/** Whether the provider's endpoint answers over HTTP (any status counts; a 401 means the key is refused). */
export async function reachabilityCheck(config: Config, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const base = { section: "Connectivity" as const, name: "provider" };
  let url: URL;
  let headers: Record<string, string>;
  try {
    const endpoint = resolveEndpoint(config.model_provider, {
      auth: resolveAuth({ codexHome: config.codexHome, env }),
      originator: "codex_cli_rs",
      version: CODEX_VERSION,
      env,
    });
    url = new URL(`${endpoint.baseUrl}/models`);
    for (const [key, value] of Object.entries(endpoint.query)) url.searchParams.set(key, value);
    headers = {
      ...endpoint.headers,
      ...(endpoint.bearer ? { Authorization: `Bearer ${endpoint.bearer}` } : {}),
    };
  } catch (error) {
    return { ...base, status: "idle", summary: `not checked: ${(error as Error).message}`, details: [] };
  }
  const shown = `${url.origin}${url.pathname}`;
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403)
      return {
        ...base,
        status: "warn",
        summary: `reachable, but the credentials were refused (HTTP ${response.status})`,
        details: [shown],
      };
    return { ...base, status: "ok", summary: `reachable (HTTP ${response.status})`, details: [shown] };
  } catch (error) {
    return {
      ...base,
      status: "fail",
      summary: `${shown} is not reachable: ${(error as Error).message}`,
      details: [],
    };
  }
}
