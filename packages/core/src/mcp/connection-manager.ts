/**
 * Owns the MCP servers of one session (`Config.mcp_servers`).
 *
 * Start-up policy (never block the user longer than needed):
 * - A server whose tool list is cached (`$CODEX_HOME/cache/mcp-tools`, keyed by its settings) is
 *   offered at once from the cache and not started at all until the model first calls one of its
 *   tools (or a resource tool needs it). When it starts, the cache is refreshed and the fresh list
 *   is offered from the next model request on.
 * - A server without a cache is started at once, in parallel with the others. `ready()` resolves
 *   when each of them is up or has failed; each is bounded by its own `startup_timeout_ms` (10 s by
 *   default), so the first model request waits at most for the slowest uncached server's timeout,
 *   and not at all when every server is cached.
 * - A server that fails (command not found, exit with stderr, timeout, bad handshake) loses only its
 *   own tools, with a warning naming it and the reason. A server that crashes later turns the
 *   call in flight into an error result and is restarted on its next call.
 *
 * The SDK is imported (dynamically) only when a server starts.
 */
import type { McpToolInfo } from "@codex/protocol";
import type { ToolSpec } from "../client/types.ts";
import type { McpServerConfig } from "../config/types.ts";
import { normaliseInputSchema } from "./schema.ts";
import type { McpServerConnection } from "./server-connection.ts";
import { readToolCache, writeToolCache } from "./tool-cache.ts";
import { isValidMcpServerName, type QualifiedTool, qualifyTools } from "./tool-names.ts";
import { type McpCallToolResult, McpServerError, type McpTool } from "./types.ts";

/** `promise`, unless `signal` aborts first (then an "interrupted" error). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, server: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted)
    return Promise.reject(new McpServerError(server, `the call to '${server}' was interrupted`));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new McpServerError(server, `the call to '${server}' was interrupted`));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export type McpConnectionManagerOptions = {
  servers: Readonly<Record<string, McpServerConfig>>;
  /** `$CODEX_HOME`: where tool lists are cached. */
  codexHome: string;
  /** Working directory for stdio servers without their own `cwd`. */
  cwd: string;
  /** Called with each warning (a server that failed, a tool skipped); also kept for `takeWarnings`. */
  onWarning?: (message: string) => void;
  /** Ignore cached tool lists (start every server now). */
  noCache?: boolean;
};

type ServerState = {
  config: McpServerConfig;
  /** Tools known for this server (from the cache or the live server); null when unavailable. */
  tools: McpTool[] | null;
  source: "cache" | "live" | null;
  connection: McpServerConnection | null;
  starting: Promise<McpServerConnection> | null;
  /** Why the last start failed, or null. */
  failure: string | null;
};

export type McpToolEntry = {
  qualifiedName: string;
  server: string;
  tool: string;
  spec: Extract<ToolSpec, { type: "function" }>;
};

/** Where a server stands: `cached` = tools offered from the cache, not started (lazy). */
export type McpServerStatus = {
  name: string;
  state: "cached" | "starting" | "running" | "failed" | "stopped";
  toolCount: number;
  pid: number | null;
  failure: string | null;
};

export class McpConnectionManager {
  private readonly states = new Map<string, ServerState>();
  private readonly pending: Promise<unknown>[] = [];
  private readonly warnings: string[] = [];
  private readonly warned = new Set<string>();
  private toolIndex: Map<string, QualifiedTool<McpToolEntry>> | null = null;
  private toolSetChanges = 0;
  private started = false;
  private closed = false;

  constructor(private readonly options: McpConnectionManagerOptions) {}

  /** Starts what must start now (uncached servers) and offers cached tools. Returns at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const names = Object.keys(this.options.servers).sort();
    for (const name of names) {
      const config = this.options.servers[name];
      if (!config?.enabled) continue;
      if (!isValidMcpServerName(name)) {
        this.warn(`MCP server name '${name}' is invalid: use letters, digits, '-' and '_'`);
        continue;
      }
      const cached = this.options.noCache ? null : readToolCache(this.options.codexHome, config);
      const state: ServerState = {
        config,
        tools: cached,
        source: cached ? "cache" : null,
        connection: null,
        starting: null,
        failure: null,
      };
      this.states.set(name, state);
      if (!cached) this.pending.push(this.startServer(state).catch(() => {}));
    }
  }

  /**
   * Resolves once every server started by `start()` is up or has failed (each within its own
   * startup timeout). Await it before the first model request; it is immediate when all are cached.
   */
  async ready(options: { signal?: AbortSignal } = {}): Promise<void> {
    this.start();
    if (this.pending.length === 0) return;
    const all = Promise.all(this.pending);
    if (!options.signal) {
      await all;
      return;
    }
    const signal = options.signal;
    await Promise.race([
      all,
      new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        signal.addEventListener("abort", () => resolve(), { once: true });
      }),
    ]);
  }

  /** Warnings so far, removed from the queue. */
  takeWarnings(): string[] {
    return this.warnings.splice(0);
  }

  private warn(message: string, key: string = message): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(message);
    this.options.onWarning?.(message);
  }

  private startServer(state: ServerState): Promise<McpServerConnection> {
    if (state.connection?.alive) return Promise.resolve(state.connection);
    if (state.starting) return state.starting;
    const { config } = state;
    const starting = (async () => {
      if (this.closed) throw new McpServerError(config.name, "the session is shutting down");
      const { McpServerConnection } = await import("./server-connection.ts");
      const connection = await McpServerConnection.connect(config, {
        cwd: this.options.cwd,
        timeoutMs: config.startup_timeout_ms,
      });
      if (this.closed) {
        await connection.close();
        throw new McpServerError(config.name, "the session is shutting down");
      }
      connection.onClosed = () => {
        if (state.connection === connection) state.connection = null;
      };
      state.connection = connection;
      const adopt = (tools: McpTool[]) => {
        this.setTools(state, tools, "live");
        try {
          writeToolCache(this.options.codexHome, config, tools);
        } catch (error) {
          this.warn(`could not save the tool list of MCP server '${config.name}': ${String(error)}`);
        }
      };
      connection.onToolsChanged = (tools) => {
        if (state.connection === connection) adopt(tools);
      };
      adopt(connection.tools);
      return connection;
    })();
    state.starting = starting;
    starting.then(
      () => {
        state.starting = null;
        state.failure = null;
      },
      (error: unknown) => {
        state.starting = null;
        this.setTools(state, null, null);
        const reason = error instanceof Error ? error.message : String(error);
        state.failure = reason;
        this.warn(
          `MCP client for \`${config.name}\` failed to start: ${reason}`,
          `start:${config.name}:${reason}`,
        );
      },
    );
    return starting;
  }

  private setTools(state: ServerState, tools: McpTool[] | null, source: ServerState["source"]): void {
    state.source = source;
    // A live list equal to the cached one (the usual case) changes nothing that was offered.
    if (JSON.stringify(tools) === JSON.stringify(state.tools)) return;
    state.tools = tools;
    this.toolIndex = null;
    this.toolSetChanges++;
  }

  /** Changes each time the set of offered tools changes (a server started, failed, or listed anew). */
  get toolSetVersion(): number {
    return this.toolSetChanges;
  }

  private allowed(config: McpServerConfig, tool: string): boolean {
    if (config.enabled_tools && !config.enabled_tools.includes(tool)) return false;
    return !config.disabled_tools.includes(tool);
  }

  private index(): Map<string, QualifiedTool<McpToolEntry>> {
    if (this.toolIndex) return this.toolIndex;
    const entries: { server: string; tool: string; value: McpToolEntry }[] = [];
    for (const [server, state] of this.states) {
      for (const tool of state.tools ?? []) {
        if (!this.allowed(state.config, tool.name)) continue;
        const schema = normaliseInputSchema(tool.inputSchema);
        if (!schema.ok) {
          this.warn(`MCP server '${server}': skipping tool '${tool.name}': ${schema.reason}`);
          continue;
        }
        const spec = {
          type: "function" as const,
          name: "",
          description: tool.description ?? tool.title ?? "",
          strict: false,
          parameters: schema.schema,
        };
        entries.push({
          server,
          tool: tool.name,
          value: { qualifiedName: "", server, tool: tool.name, spec },
        });
      }
    }
    const index = qualifyTools(entries, (name, server, tool) =>
      this.warn(`MCP server '${server}': skipping tool '${tool}': the name ${name} is already taken`),
    );
    for (const entry of index.values()) {
      entry.value.qualifiedName = entry.qualifiedName;
      entry.value.spec.name = entry.qualifiedName;
    }
    this.toolIndex = index;
    return index;
  }

  /** The MCP tools to offer the model now (call before each model request; cheap). */
  tools(): McpToolEntry[] {
    return [...this.index().values()].map((entry) => entry.value);
  }

  toolSpecs(): ToolSpec[] {
    return this.tools().map((entry) => entry.spec);
  }

  /** The server and tool behind a qualified name, or null when it is not an MCP tool. */
  resolve(qualifiedName: string): { server: string; tool: string } | null {
    const entry = this.index().get(qualifiedName);
    return entry ? { server: entry.server, tool: entry.tool } : null;
  }

  /** For the `list_mcp_tools` op (`mcp_list_tools_response`). */
  listTools(): McpToolInfo[] {
    return this.tools().map((entry) => ({
      server: entry.server,
      name: entry.tool,
      qualified_name: entry.qualifiedName,
      ...(entry.spec.description ? { description: entry.spec.description } : {}),
    }));
  }

  /** Every enabled server's state (for `/mcp`-style displays and tests). */
  status(): McpServerStatus[] {
    return [...this.states.entries()].map(([name, s]) => ({
      name,
      state: s.starting
        ? "starting"
        : s.connection?.alive
          ? "running"
          : s.failure !== null
            ? "failed"
            : s.source === "cache"
              ? "cached"
              : "stopped",
      toolCount: s.tools?.length ?? 0,
      pid: s.connection?.pid ?? null,
      failure: s.failure,
    }));
  }

  /** Names of enabled servers whose last start did not fail (sorted). */
  serverNames(): string[] {
    return [...this.states.entries()].filter(([, s]) => s.failure === null).map(([name]) => name);
  }

  /** A live connection to `server`, starting it when needed (lazy start). */
  async connection(server: string): Promise<McpServerConnection> {
    const state = this.states.get(server);
    if (!state) throw new McpServerError(server, `unknown MCP server '${server}'`);
    return this.startServer(state);
  }

  /** Calls a tool; throws `McpServerError` with a message for the model when it cannot. */
  async callTool(
    server: string,
    tool: string,
    args: Record<string, unknown> | undefined,
    options: { signal?: AbortSignal } = {},
  ): Promise<McpCallToolResult> {
    const state = this.states.get(server);
    if (!state) throw new McpServerError(server, `unknown MCP server '${server}'`);
    const connection = await untilAborted(this.startServer(state), options.signal, server);
    if (!connection.tools.some((t) => t.name === tool))
      throw new McpServerError(server, `MCP server '${server}' no longer offers the tool '${tool}'`);
    return connection.callTool(tool, args, {
      signal: options.signal,
      timeoutMs: state.config.tool_timeout_ms,
    });
  }

  /** The tool timeout of a server (used by resource tools). */
  toolTimeoutMs(server: string): number {
    return this.states.get(server)?.config.tool_timeout_ms ?? 60_000;
  }

  /** Stops every server (their process groups for stdio). Safe to call more than once. */
  async shutdown(): Promise<void> {
    this.closed = true;
    const closing: Promise<unknown>[] = [];
    for (const state of this.states.values()) {
      if (state.connection) closing.push(state.connection.close());
      if (state.starting) closing.push(state.starting.then((c) => c.close()).catch(() => {}));
    }
    await Promise.allSettled(closing);
  }
}
