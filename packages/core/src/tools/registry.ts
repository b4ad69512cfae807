/**
 * Which tools the model is offered, given the config and model, and which handler answers each
 * name. The loop asks the registry for specs when it builds a request and for a handler when a
 * call arrives; tools (shell, apply_patch, update_plan, view_image, MCP tools) plug in here.
 */
import type { ToolSpec } from "../client/types.ts";
import type { Config } from "../config/types.ts";
import { type ToolHandler, toolSpecName } from "./types.ts";

export interface ToolRegistry {
  /** Specs in the order they are sent to the model. */
  readonly specs: readonly ToolSpec[];
  /** Names offered this session (including built-ins such as `web_search`). */
  readonly names: ReadonlySet<string>;
  lookup(name: string): ToolHandler | undefined;
}

export type RegistryOptions = {
  /** Built-in handlers, in offer order (shell, apply_patch, update_plan, view_image, …). */
  builtins: readonly ToolHandler[];
  /** Handlers added at run time (MCP tools), offered after the built-ins. */
  extra?: readonly ToolHandler[];
};

/** Whether the model gets `update_plan`: only with `--include-plan-tool` / `features.plan_tool`. */
function offered(handler: ToolHandler, config: Config): boolean {
  const name = toolSpecName(handler.spec);
  if (name === "update_plan") return config.include_plan_tool;
  if (name === "view_image") return config.tools.view_image;
  return true;
}

export function createToolRegistry(config: Config, options: RegistryOptions): ToolRegistry {
  const byName = new Map<string, ToolHandler>();
  const specs: ToolSpec[] = [];
  for (const handler of [...options.builtins, ...(options.extra ?? [])]) {
    if (!offered(handler, config)) continue;
    const name = toolSpecName(handler.spec);
    if (byName.has(name)) continue;
    byName.set(name, handler);
    specs.push(handler.spec);
    for (const alias of handler.aliases ?? []) if (!byName.has(alias)) byName.set(alias, handler);
  }
  if (config.tools.web_search) specs.push({ type: "web_search" });
  const names = new Set(specs.map(toolSpecName));
  return { specs, names, lookup: (name) => byName.get(name) };
}
