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

/** Built-ins the config can withhold: update_plan is opt-in; shell and view_image are feature flags. */
function offered(handler: ToolHandler, config: Config): boolean {
  const name = toolSpecName(handler.spec);
  if (name === "update_plan") return config.include_plan_tool;
  if (name === "view_image") return config.features.view_image;
  if (name === "shell") return config.features.shell_tool;
  return true;
}

/** The native web_search tool as Codex 0.169 sends it. */
function webSearchSpec(search: NonNullable<Config["web_search"]>): ToolSpec {
  const where = search.location;
  const location = where && {
    ...(where.country !== null ? { country: where.country } : {}),
    ...(where.region !== null ? { region: where.region } : {}),
    ...(where.city !== null ? { city: where.city } : {}),
    ...(where.timezone !== null ? { timezone: where.timezone } : {}),
  };
  return {
    type: "web_search",
    external_web_access: search.mode === "live",
    ...(search.allowed_domains ? { filters: { allowed_domains: [...search.allowed_domains] } } : {}),
    ...(location ? { user_location: { type: "approximate", ...location } } : {}),
    ...(search.context_size ? { search_context_size: search.context_size } : {}),
  };
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
  if (config.web_search) specs.push(webSearchSpec(config.web_search));
  const names = new Set(specs.map(toolSpecName));
  return { specs, names, lookup: (name) => byName.get(name) };
}
