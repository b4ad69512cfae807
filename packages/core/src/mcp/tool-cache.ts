/**
 * Tool lists cached per server in `$CODEX_HOME/cache/mcp-tools/<hash>.json`, keyed by a hash of
 * the server's name and transport settings (command, args, env, cwd / url, headers). A changed
 * setting gives a new key, so a stale list is never offered for a different server; timeouts and
 * tool filters are not part of the key (they are applied after reading). Values (which may hold
 * secrets) only enter the hash; the file holds the server name and its tools.
 *
 * Reads are synchronous and small: they run on the start-up path, before the first model request.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { McpServerConfig } from "../config/types.ts";
import type { McpTool } from "./types.ts";

const CACHE_VERSION = 1;

type CacheFile = { version: number; server: string; saved_at: string; tools: McpTool[] };

function toolCacheDir(codexHome: string): string {
  return join(codexHome, "cache", "mcp-tools");
}

/** Stable JSON: object keys sorted, so that key order in config.toml does not change the hash. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function serverConfigHash(config: McpServerConfig): string {
  const key = stableJson({ v: CACHE_VERSION, name: config.name, transport: config.transport });
  return new Bun.CryptoHasher("sha256").update(key).digest("hex").slice(0, 32);
}

export function toolCachePath(codexHome: string, config: McpServerConfig): string {
  return join(toolCacheDir(codexHome), `${serverConfigHash(config)}.json`);
}

function isTool(value: unknown): value is McpTool {
  return (
    typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string"
  );
}

/** The cached tool list of this server, or null when there is none (or it is unreadable). */
export function readToolCache(codexHome: string, config: McpServerConfig): McpTool[] | null {
  let text: string;
  try {
    text = readFileSync(toolCachePath(codexHome, config), "utf8");
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as CacheFile;
    if (parsed.version !== CACHE_VERSION || parsed.server !== config.name || !Array.isArray(parsed.tools))
      return null;
    return parsed.tools.filter(isTool);
  } catch {
    return null;
  }
}

/** Saves a server's tool list (atomically: a temporary file renamed over the old one). */
export function writeToolCache(codexHome: string, config: McpServerConfig, tools: McpTool[]): void {
  const path = toolCachePath(codexHome, config);
  const body: CacheFile = {
    version: CACHE_VERSION,
    server: config.name,
    saved_at: new Date().toISOString(),
    tools,
  };
  mkdirSync(toolCacheDir(codexHome), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
