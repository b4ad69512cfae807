/**
 * One live connection to one MCP server, on the official SDK's `Client`. This module (and the SDK
 * behind it) is imported only when a server actually starts, never on the cached start-up path.
 * Every failure becomes an `McpServerError` whose message says what happened in words a user can
 * act on: command not found, exited (with its stderr), timed out, handshake failed.
 */
import { CODEX_VERSION } from "@codex/protocol";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, McpError, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../config/types.ts";
import { StdioTransport } from "./stdio-transport.ts";
import { type McpCallToolResult, McpServerError, type McpTool } from "./types.ts";

export type ConnectOptions = { cwd: string; timeoutMs: number; signal?: AbortSignal };
export type CallOptions = { timeoutMs: number; signal?: AbortSignal };
export type Page<T> = { items: T[]; nextCursor: string | null };

const MAX_PAGES = 100;

/**
 * Results are taken as sent and checked here, field by field, rather than by the SDK's schemas:
 * those reject a whole `tools/list` over one tool with an unusual schema, and we skip only that tool.
 */
const AS_SENT = { safeParse: (data: unknown) => ({ success: true, data }) };
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toolsOf(result: unknown): McpTool[] {
  const tools = isObject(result) && Array.isArray(result.tools) ? result.tools : [];
  return tools.filter((t): t is McpTool => isObject(t) && typeof t.name === "string" && t.name !== "");
}

function cursorOf(result: unknown): string | null {
  return isObject(result) && typeof result.nextCursor === "string" && result.nextCursor !== ""
    ? result.nextCursor
    : null;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function lastLines(text: string, lines = 6, chars = 600): string {
  const tail = text.split("\n").slice(-lines).join("\n").trim();
  return tail.length > chars ? `…${tail.slice(-chars)}` : tail;
}

function httpHeaders(config: McpServerConfig & { transport: { type: "streamable_http" } }) {
  const { transport } = config;
  const headers: Record<string, string> = { ...transport.http_headers };
  for (const [header, envVar] of Object.entries(transport.env_http_headers)) {
    const value = process.env[envVar];
    if (value) headers[header] = value;
  }
  if (transport.bearer_token_env_var) {
    const name = transport.bearer_token_env_var;
    const value = process.env[name];
    if (value === undefined)
      throw new McpServerError(config.name, `environment variable ${name} (bearer_token_env_var) is not set`);
    if (value === "")
      throw new McpServerError(config.name, `environment variable ${name} (bearer_token_env_var) is empty`);
    headers.Authorization = `Bearer ${value}`;
  }
  return headers;
}

export class McpServerConnection {
  private closedFlag = false;
  /** Called once when the server goes away (exit, crash, or `close()`). */
  onClosed: (() => void) | null = null;
  /** Called with the new list when the server says its tools changed (`list_changed`). */
  onToolsChanged: ((tools: McpTool[]) => void) | null = null;

  private constructor(
    readonly config: McpServerConfig,
    private readonly client: Client,
    private readonly transport: Transport,
    public tools: McpTool[],
  ) {
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      try {
        this.tools = await listAllTools(client, { timeout: config.startup_timeout_ms });
        this.onToolsChanged?.(this.tools);
      } catch {
        // Keep the previous list; the next start refreshes it.
      }
    });
  }

  get alive(): boolean {
    return !this.closedFlag;
  }

  /** The server's process id (stdio servers), for status displays and tests. */
  get pid(): number | null {
    return this.transport instanceof StdioTransport ? this.transport.pid : null;
  }

  /** Starts the server, completes the handshake and lists its tools, all within `timeoutMs`. */
  static async connect(config: McpServerConfig, options: ConnectOptions): Promise<McpServerConnection> {
    const transport = McpServerConnection.transportFor(config, options.cwd);
    const client = new Client({ name: "codex-mcp-client", title: "Codex", version: CODEX_VERSION });
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    let connection: McpServerConnection | null = null;
    transport.onclose = () => {
      if (connection) connection.markClosed();
    };
    try {
      await client.connect(transport, { signal, timeout: options.timeoutMs });
      const tools = await listAllTools(client, { signal, timeout: options.timeoutMs });
      connection = new McpServerConnection(config, client, transport, tools);
      // The SDK's own close hook replaces ours on connect; chain both.
      const sdkOnClose = transport.onclose;
      transport.onclose = () => {
        sdkOnClose?.();
        connection?.markClosed();
      };
      return connection;
    } catch (error) {
      const failure = McpServerConnection.startError(config, transport, error, {
        timedOut: deadline.signal.aborted,
        timeoutMs: options.timeoutMs,
      });
      await client.close().catch(() => {});
      await transport.close().catch(() => {});
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  private static transportFor(config: McpServerConfig, cwd: string): Transport {
    const t = config.transport;
    if (t.type === "stdio") {
      return new StdioTransport({
        command: t.command,
        args: t.args,
        env: t.env,
        envVars: t.env_vars,
        cwd: t.cwd ?? cwd,
      });
    }
    let url: URL;
    try {
      url = new URL(t.url);
    } catch {
      throw new McpServerError(config.name, `invalid url ${JSON.stringify(t.url)}`);
    }
    const headers = httpHeaders({ ...config, transport: t });
    return new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  }

  private static startError(
    config: McpServerConfig,
    transport: Transport,
    error: unknown,
    info: { timedOut: boolean; timeoutMs: number },
  ): McpServerError {
    if (error instanceof McpServerError) return error;
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const t = config.transport;
    if (t.type === "stdio" && code === "ENOENT")
      return new McpServerError(config.name, `command not found: ${JSON.stringify(t.command)}`);
    if (t.type === "stdio" && code === "EACCES")
      return new McpServerError(config.name, `permission denied running ${JSON.stringify(t.command)}`);
    if (transport instanceof StdioTransport) {
      const exit = transport.exitInfo();
      const stderr = lastLines(transport.stderr());
      if (exit) {
        const how = exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`;
        return new McpServerError(
          config.name,
          `${how} before completing the MCP handshake${stderr ? `; stderr: ${stderr}` : ""}`,
        );
      }
      if (info.timedOut) {
        const noise = transport.lastNoise
          ? `; it wrote non-MCP output to stdout: ${transport.lastNoise}`
          : "";
        return new McpServerError(
          config.name,
          `timed out after ${seconds(info.timeoutMs)} waiting for the MCP handshake (raise startup_timeout_sec)${noise}${stderr ? `; stderr: ${stderr}` : ""}`,
        );
      }
    }
    if (info.timedOut)
      return new McpServerError(
        config.name,
        `timed out after ${seconds(info.timeoutMs)} waiting for the MCP handshake (raise startup_timeout_sec)`,
      );
    const message = error instanceof Error ? error.message : String(error);
    if (t.type === "streamable_http" && !(error instanceof McpError)) {
      const status = (error as { code?: unknown } | null)?.code;
      return new McpServerError(
        config.name,
        typeof status === "number"
          ? `${t.url} answered HTTP ${status}: ${message}`
          : `could not connect to ${t.url}: ${message}`,
      );
    }
    return new McpServerError(config.name, `MCP handshake failed: ${message}`);
  }

  private markClosed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.onClosed?.();
  }

  /** Why the server went away mid-request, as precisely as we know. */
  private goneMessage(): string {
    if (this.transport instanceof StdioTransport) {
      const exit = this.transport.exitInfo();
      const stderr = lastLines(this.transport.stderr());
      const how = !exit
        ? "closed the connection"
        : exit.code !== null
          ? `exited with code ${exit.code}`
          : `was killed by ${exit.signal}`;
      return `the server ${how} during the request${stderr ? `; stderr: ${stderr}` : ""}`;
    }
    return "the connection to the server was closed during the request";
  }

  private requestError(what: string, error: unknown, options: { timeoutMs: number; signal?: AbortSignal }) {
    if (options.signal?.aborted) return new McpServerError(this.config.name, `${what} was interrupted`);
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout)
      return new McpServerError(
        this.config.name,
        `${what} timed out after ${seconds(options.timeoutMs)} (raise tool_timeout_sec)`,
      );
    if (!this.alive || (error instanceof McpError && error.code === ErrorCode.ConnectionClosed))
      return new McpServerError(this.config.name, `${what} failed: ${this.goneMessage()}`);
    const message = error instanceof Error ? error.message : String(error);
    return new McpServerError(this.config.name, `${what} failed: ${message}`);
  }

  async callTool(tool: string, args: Record<string, unknown> | undefined, options: CallOptions) {
    try {
      const result = await rawRequest(
        this.client,
        "tools/call",
        { name: tool, ...(args ? { arguments: args } : {}) },
        options_(options),
      );
      if (!isObject(result)) throw new Error("the server sent a result that is not an object");
      const content = Array.isArray(result.content) ? result.content.filter(isObject) : [];
      return {
        content: content as McpCallToolResult["content"],
        ...(result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}),
        ...(result.isError === true ? { isError: true } : {}),
      };
    } catch (error) {
      throw this.requestError(`tool call ${tool}`, error, options);
    }
  }

  async listResources(cursor: string | null, options: CallOptions): Promise<Page<Record<string, unknown>>> {
    try {
      const r = await rawRequest(
        this.client,
        "resources/list",
        cursor ? { cursor } : undefined,
        options_(options),
      );
      const items = isObject(r) && Array.isArray(r.resources) ? r.resources.filter(isObject) : [];
      return { items, nextCursor: cursorOf(r) };
    } catch (error) {
      throw this.requestError("resources/list", error, options);
    }
  }

  async listResourceTemplates(
    cursor: string | null,
    options: CallOptions,
  ): Promise<Page<Record<string, unknown>>> {
    try {
      const r = await rawRequest(
        this.client,
        "resources/templates/list",
        cursor ? { cursor } : undefined,
        options_(options),
      );
      const items =
        isObject(r) && Array.isArray(r.resourceTemplates) ? r.resourceTemplates.filter(isObject) : [];
      return { items, nextCursor: cursorOf(r) };
    } catch (error) {
      throw this.requestError("resources/templates/list", error, options);
    }
  }

  async readResource(uri: string, options: CallOptions): Promise<Record<string, unknown>> {
    try {
      const r = await rawRequest(this.client, "resources/read", { uri }, options_(options));
      return isObject(r) ? r : { contents: [] };
    } catch (error) {
      throw this.requestError(`resources/read ${uri}`, error, options);
    }
  }

  /** Whether the server said it offers resources (servers without the capability are skipped). */
  supportsResources(): boolean {
    return this.client.getServerCapabilities()?.resources !== undefined;
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => {});
    await this.transport.close().catch(() => {});
    this.markClosed();
  }
}

/** Every page of `tools/list`. */
async function listAllTools(client: Client, options: { signal?: AbortSignal; timeout: number }) {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await rawRequest(client, "tools/list", cursor ? { cursor } : undefined, options);
    tools.push(...toolsOf(result));
    const next = cursorOf(result);
    if (next === null || next === cursor) break;
    cursor = next;
  }
  return tools;
}

function rawRequest(
  client: Client,
  method: string,
  params: Json | undefined,
  options: { signal?: AbortSignal; timeout: number },
): Promise<unknown> {
  const request = client.request.bind(client) as unknown as (
    req: { method: string; params?: Json },
    schema: typeof AS_SENT,
    opts: { signal?: AbortSignal; timeout: number },
  ) => Promise<unknown>;
  return request(params ? { method, params } : { method }, AS_SENT, options);
}

function options_(options: CallOptions) {
  return { signal: options.signal, timeout: options.timeoutMs };
}
