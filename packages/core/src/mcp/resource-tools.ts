/**
 * MCP resources as three tools for the model: `list_mcp_resources`, `list_mcp_resource_templates`
 * and `read_mcp_resource`. Results are JSON: resources/templates each tagged with their `server`,
 * `nextCursor` when a single server has more; without `server`, every server is asked (servers
 * that fail or have no resources are left out).
 */
import type { ToolSpec } from "../client/types.ts";
import type { ToolHandler } from "../tools/types.ts";
import { ToolInputError } from "../tools/types.ts";
import type { McpConnectionManager } from "./connection-manager.ts";
import type { Page } from "./server-connection.ts";
import { parseArguments, runAsItem } from "./tool-handler.ts";
import type { McpCallToolResult } from "./types.ts";

type Lister = "resources" | "templates";
type Row = Record<string, unknown>;
const MAX_PAGES = 100;

function fn(name: string, description: string, properties: Row, required: string[]): ToolSpec {
  return {
    type: "function",
    name,
    description,
    strict: false,
    parameters: {
      type: "object",
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
  };
}

const serverProp = (text: string) => ({ type: "string", description: text });

const LIST_RESOURCES_SPEC = fn(
  "list_mcp_resources",
  "List the resources that MCP servers expose (files, documents, records and other context identified by a URI). Read one with read_mcp_resource. Try this before searching the web for data a server may hold.",
  {
    server: serverProp("Name of one MCP server. Leave out to list the resources of every server."),
    cursor: {
      type: "string",
      description: "The nextCursor of an earlier call for the same server, to get the next page.",
    },
  },
  [],
);

const LIST_RESOURCE_TEMPLATES_SPEC = fn(
  "list_mcp_resource_templates",
  "List the resource templates that MCP servers expose: URI patterns with parameters (for example file:///{path}) that you fill in and read with read_mcp_resource.",
  {
    server: serverProp("Name of one MCP server. Leave out to list the templates of every server."),
    cursor: {
      type: "string",
      description: "The nextCursor of an earlier call for the same server, to get the next page.",
    },
  },
  [],
);

const READ_RESOURCE_SPEC = fn(
  "read_mcp_resource",
  "Read one resource from an MCP server, by server name and URI (as given by list_mcp_resources or built from a template).",
  {
    server: serverProp("The MCP server's name, as in the 'server' field of list_mcp_resources."),
    uri: { type: "string", description: "The URI of the resource to read." },
  },
  ["server", "uri"],
);

function optionalString(args: Row | undefined, key: string): string | null {
  const value = args?.[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ToolInputError(`${key} must be a string`);
  return value.trim() === "" ? null : value.trim();
}

function requiredString(args: Row | undefined, key: string): string {
  const value = optionalString(args, key);
  if (value === null) throw new ToolInputError(`${key} must be provided`);
  return value;
}

function asText(payload: unknown): McpCallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(payload) }] };
}

async function page(
  manager: McpConnectionManager,
  lister: Lister,
  server: string,
  cursor: string | null,
  signal: AbortSignal,
) {
  const connection = await manager.connection(server);
  const options = { timeoutMs: manager.toolTimeoutMs(server), signal };
  return lister === "resources"
    ? connection.listResources(cursor, options)
    : connection.listResourceTemplates(cursor, options);
}

async function allPages(
  manager: McpConnectionManager,
  lister: Lister,
  server: string,
  signal: AbortSignal,
): Promise<Row[]> {
  const connection = await manager.connection(server);
  if (!connection.supportsResources()) return [];
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const result: Page<Row> = await page(manager, lister, server, cursor, signal);
    rows.push(...result.items);
    if (!result.nextCursor || result.nextCursor === cursor) break;
    cursor = result.nextCursor;
  }
  return rows;
}

function listHandler(manager: McpConnectionManager, lister: Lister): ToolHandler {
  const spec = lister === "resources" ? LIST_RESOURCES_SPEC : LIST_RESOURCE_TEMPLATES_SPEC;
  const key = lister === "resources" ? "resources" : "resourceTemplates";
  const toolName = spec.type === "function" ? spec.name : "";
  return {
    spec,
    async run(call, ctx) {
      const args = parseArguments(call);
      const server = optionalString(args, "server");
      const cursor = optionalString(args, "cursor");
      if (server === null && cursor !== null)
        throw new ToolInputError("cursor can only be used when a server is specified");
      return runAsItem(ctx, { server: server ?? "codex", tool: toolName, arguments: args }, async () => {
        if (server !== null) {
          const result = await page(manager, lister, server, cursor, ctx.signal);
          return asText({
            server,
            [key]: result.items.map((row) => ({ server, ...row })),
            ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
          });
        }
        const names = manager.serverNames();
        const settled = await Promise.allSettled(
          names.map((name) => allPages(manager, lister, name, ctx.signal)),
        );
        const rows: Row[] = [];
        settled.forEach((outcome, i) => {
          if (outcome.status === "fulfilled")
            rows.push(...outcome.value.map((row) => ({ server: names[i], ...row })));
        });
        return asText({ [key]: rows });
      });
    },
  };
}

function readHandler(manager: McpConnectionManager): ToolHandler {
  return {
    spec: READ_RESOURCE_SPEC,
    async run(call, ctx) {
      const args = parseArguments(call);
      const server = requiredString(args, "server");
      const uri = requiredString(args, "uri");
      return runAsItem(ctx, { server, tool: "read_mcp_resource", arguments: args }, async () => {
        const connection = await manager.connection(server);
        const result = await connection.readResource(uri, {
          timeoutMs: manager.toolTimeoutMs(server),
          signal: ctx.signal,
        });
        return asText({ server, uri, ...result });
      });
    },
  };
}

/** The three resource tools, in the order Codex offers them. */
export function resourceToolHandlers(manager: McpConnectionManager): ToolHandler[] {
  return [listHandler(manager, "resources"), listHandler(manager, "templates"), readHandler(manager)];
}
