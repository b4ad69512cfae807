/**
 * The MCP tools of a session as `ToolHandler`s for the turn loop: the resource tools, then one
 * handler per offered `server__tool`. Built from the connection manager's tool list, and rebuilt
 * only when that list changes (`toolSetVersion`), so a turn with an unchanged set reuses them.
 */
import type { ToolHandler } from "../tools/types.ts";
import type { McpConnectionManager } from "./connection-manager.ts";
import { resourceToolHandlers } from "./resource-tools.ts";
import { mcpToolHandler } from "./tool-handler.ts";

export class McpToolHandlers {
  private readonly resourceTools: ToolHandler[];
  private built: { version: number; byName: Map<string, ToolHandler> } | null = null;

  constructor(private readonly manager: McpConnectionManager) {
    this.resourceTools = resourceToolHandlers(manager);
  }

  /** Changes exactly when `handlers()` would return a different set. */
  get version(): number {
    return this.manager.toolSetVersion;
  }

  private byName(): Map<string, ToolHandler> {
    const version = this.manager.toolSetVersion;
    if (this.built?.version === version) return this.built.byName;
    const byName = new Map<string, ToolHandler>();
    for (const entry of this.manager.tools())
      byName.set(entry.qualifiedName, mcpToolHandler(this.manager, entry));
    this.built = { version, byName };
    return byName;
  }

  /** The resource tools and the MCP tools offered now; ask again before each model request. */
  handlers(): ToolHandler[] {
    return [...this.resourceTools, ...this.byName().values()];
  }

  /** The handler of one qualified tool name (`server__tool`), or null. */
  handlerFor(qualifiedName: string): ToolHandler | null {
    return this.byName().get(qualifiedName) ?? null;
  }
}
