/**
 * The tools a session offers: the built-ins, then either the embedder's extra tools or the MCP
 * tools. The registry is built once and rebuilt only when the MCP tool set changes (a server
 * started lazily, failed, or sent a new list), not on every turn.
 */
import type { Config } from "../config/types.ts";
import type { McpConnectionManager } from "../mcp/connection-manager.ts";
import { McpToolHandlers } from "../mcp/tool-handlers.ts";
import { createToolRegistry, type ToolRegistry } from "../tools/registry.ts";
import type { ToolHandler } from "../tools/types.ts";

export class SessionTools {
  private readonly mcpTools: McpToolHandlers | null;
  private built: { registry: ToolRegistry; mcpVersion: number } | null = null;

  constructor(
    private readonly config: Config,
    private readonly options: {
      /** The built-in tools (shell, apply_patch, …), or an embedder's replacement. */
      builtins: readonly ToolHandler[];
      tools?: readonly ToolHandler[];
      mcp: McpConnectionManager | null;
    },
  ) {
    this.mcpTools = options.mcp ? new McpToolHandlers(options.mcp) : null;
  }

  /** The registry for the next model request. */
  registry(): ToolRegistry {
    const mcpVersion = this.mcpTools?.version ?? 0;
    if (this.built?.mcpVersion === mcpVersion) return this.built.registry;
    const registry = createToolRegistry(this.config, {
      builtins: this.options.builtins,
      extra: this.mcpTools ? this.mcpTools.handlers() : this.options.tools,
    });
    this.built = { registry, mcpVersion };
    return registry;
  }
}
