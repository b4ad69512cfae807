/**
 * The tools a session offers: the built-ins, then either the embedder's extra tools or the MCP
 * tools. A registry is built per model (the tool forms follow the turn's model: `configForModel`)
 * and rebuilt only when the MCP tool set changes (a server started lazily, failed, or sent a new
 * list), not on every turn.
 */
import type { Config } from "../config/types.ts";
import type { McpConnectionManager } from "../mcp/connection-manager.ts";
import { McpToolHandlers } from "../mcp/tool-handlers.ts";
import { createToolRegistry, type ToolRegistry } from "../tools/registry.ts";
import type { ToolHandler } from "../tools/types.ts";

export class SessionTools {
  private readonly mcpTools: McpToolHandlers | null;
  private readonly built = new Map<string, { registry: ToolRegistry; mcpVersion: number }>();

  constructor(
    private readonly options: {
      /** The built-in tools (shell, apply_patch, …) for a model's configuration, or an embedder's replacement. */
      builtins: (config: Config) => readonly ToolHandler[];
      tools?: readonly ToolHandler[];
      mcp: McpConnectionManager | null;
    },
  ) {
    this.mcpTools = options.mcp ? new McpToolHandlers(options.mcp) : null;
  }

  /** The registry for the next model request, on `config` (the session's, for the turn's model). */
  registry(config: Config): ToolRegistry {
    const mcpVersion = this.mcpTools?.version ?? 0;
    const cached = this.built.get(config.model);
    if (cached?.mcpVersion === mcpVersion) return cached.registry;
    const registry = createToolRegistry(config, {
      builtins: this.options.builtins(config),
      extra: this.mcpTools ? this.mcpTools.handlers() : this.options.tools,
    });
    this.built.set(config.model, { registry, mcpVersion });
    return registry;
  }
}
