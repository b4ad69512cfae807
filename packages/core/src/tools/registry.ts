/**
 * Which tools the model is offered, given the config and model, and which handler answers each
 * name. The loop asks the registry for specs when it builds a request and for a handler when a
 * call arrives; tools (shell, apply_patch, update_plan, view_image, MCP tools) plug in here.
 */
import type { ToolSpec } from "../client/types.ts";
import { lookupModel } from "../config/model-catalog.ts";
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

/**
 * Built-ins the config can withhold: update_plan is opt-in; view_image is a feature flag; commands
 * come as exec_command + write_stdin or as shell, per `features.unified_exec` (the model catalog's
 * choice unless config says), and not at all without `features.shell_tool`.
 */
function offered(handler: ToolHandler, config: Config): boolean {
  const name = toolSpecName(handler.spec);
  const { shell_tool, unified_exec } = config.features;
  if (name === "update_plan") return config.include_plan_tool;
  if (name === "view_image") return config.features.view_image;
  if (name === "shell") return shell_tool && !unified_exec;
  if (name === "exec_command" || name === "write_stdin") return shell_tool && unified_exec;
  return true;
}

/**
 * A built-in not offered that still answers when called: `shell`, for conversations begun with a
 * model (or a Codex) that used it. It takes the same approval and sandbox path as every command.
 */
function answersUnoffered(handler: ToolHandler, config: Config): boolean {
  return toolSpecName(handler.spec) === "shell" && config.features.shell_tool;
}

/** The native web_search tool as Codex 0.169 sends it. */
function webSearchSpec(search: NonNullable<Config["web_search"]>, options: { images: boolean }): ToolSpec {
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
    ...(options.images ? { search_content_types: ["text", "image"] } : {}),
    ...(search.allowed_domains ? { filters: { allowed_domains: [...search.allowed_domains] } } : {}),
    ...(location ? { user_location: { type: "approximate", ...location } } : {}),
    ...(search.context_size ? { search_context_size: search.context_size } : {}),
  };
}

export function createToolRegistry(config: Config, options: RegistryOptions): ToolRegistry {
  const byName = new Map<string, ToolHandler>();
  const fallbacks = new Map<string, ToolHandler>();
  const specs: ToolSpec[] = [];
  for (const handler of [...options.builtins, ...(options.extra ?? [])]) {
    if (!offered(handler, config)) {
      if (answersUnoffered(handler, config)) fallbacks.set(toolSpecName(handler.spec), handler);
      continue;
    }
    const name = toolSpecName(handler.spec);
    if (byName.has(name)) continue;
    byName.set(name, handler);
    specs.push(handler.spec);
    for (const alias of handler.aliases ?? []) if (!byName.has(alias)) byName.set(alias, handler);
  }
  for (const [name, handler] of fallbacks) {
    if (byName.has(name)) continue;
    byName.set(name, handler);
    for (const alias of handler.aliases ?? []) if (!byName.has(alias)) byName.set(alias, handler);
  }
  if (config.web_search)
    specs.push(
      webSearchSpec(config.web_search, { images: lookupModel(config.model).family.webSearchImages }),
    );
  const names = new Set(specs.map(toolSpecName));
  return { specs, names, lookup: (name) => byName.get(name) };
}
