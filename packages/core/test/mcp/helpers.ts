import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventMsg, McpToolCallItem, ResponseItem } from "@codex/protocol";
import type { McpServerConfig } from "../../src/config/types.ts";
import type { McpConnectionManager } from "../../src/mcp/connection-manager.ts";
import { McpToolHandlers } from "../../src/mcp/tool-handlers.ts";
import type { ToolCall, ToolRunContext } from "../../src/tools/types.ts";

export const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
export const FILESYSTEM = require.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
export const TEST_SERVER = join(import.meta.dir, "fixtures", "test-server.mjs");

export function tempDir(prefix = "codex-mcp-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function stdioServer(
  name: string,
  command: string,
  args: string[],
  extra: Partial<McpServerConfig> = {},
): McpServerConfig {
  return {
    name,
    transport: { type: "stdio", command, args, env: {}, env_vars: [], cwd: null },
    enabled: true,
    startup_timeout_ms: 10_000,
    tool_timeout_ms: 60_000,
    enabled_tools: null,
    disabled_tools: [],
    ...extra,
  };
}

export function httpServer(name: string, url: string, extra: Partial<McpServerConfig> = {}): McpServerConfig {
  return {
    name,
    transport: {
      type: "streamable_http",
      url,
      bearer_token_env_var: null,
      http_headers: {},
      env_http_headers: {},
    },
    enabled: true,
    startup_timeout_ms: 10_000,
    tool_timeout_ms: 60_000,
    enabled_tools: null,
    disabled_tools: [],
    ...extra,
  };
}

export const everything = (name = "everything") => stdioServer(name, process.execPath, [EVERYTHING, "stdio"]);
export const testServer = (name: string, mode: string, extra: Partial<McpServerConfig> = {}) =>
  stdioServer(name, process.execPath, [TEST_SERVER, mode], extra);

export function servers(...configs: McpServerConfig[]): Record<string, McpServerConfig> {
  return Object.fromEntries(configs.map((c) => [c.name, c]));
}

/** A tool context that records the events a handler emits. */
export function fakeContext(signal: AbortSignal = new AbortController().signal) {
  const events: EventMsg[] = [];
  const injected: ResponseItem[] = [];
  let n = 0;
  const ctx = {
    callId: "call_1",
    cwd: process.cwd(),
    signal,
    emit: (msg: EventMsg) => events.push(msg),
    nextItemId: () => `item_${n++}`,
    injectInput: (items: ResponseItem[]) => injected.push(...items),
  } as unknown as ToolRunContext;
  const items = () =>
    events.flatMap((e) =>
      e.type === "item_started" || e.type === "item_completed"
        ? [{ event: e.type, item: e.item as McpToolCallItem }]
        : [],
    );
  return { ctx, events, items, injected };
}

export function call(name: string, args: unknown): ToolCall {
  return { name, callId: "call_1", payload: { kind: "function", arguments: JSON.stringify(args) } };
}

/** Whether a process is still running (a zombie waiting to be reaped counts as gone). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

const handlerSets = new WeakMap<McpConnectionManager, McpToolHandlers>();

/** The tool handlers of a manager, as a session builds them (one set per manager). */
export function mcpHandlers(manager: McpConnectionManager): McpToolHandlers {
  let set = handlerSets.get(manager);
  if (!set) {
    set = new McpToolHandlers(manager);
    handlerSets.set(manager, set);
  }
  return set;
}
