/** The built-in tool handlers offered to the model, in the reference's order. */
import type { Config } from "../config/types.ts";
import type { ToolHandler } from "../tools/types.ts";
import { minimalShellHandler } from "./minimal-shell.ts";

export function defaultBuiltinTools(_config: Config): ToolHandler[] {
  return [minimalShellHandler()];
}
