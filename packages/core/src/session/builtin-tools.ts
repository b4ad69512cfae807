/** The built-in tool handlers offered to the model (the tools package decides which and in what order). */
import type { Config } from "../config/types.ts";
import { createBuiltinToolHandlers } from "../tools/handlers/builtin.ts";
import type { TerminalSessions } from "../tools/terminals/terminal-sessions.ts";
import type { ToolHandler } from "../tools/types.ts";

export function defaultBuiltinTools(config: Config, terminals: TerminalSessions): ToolHandler[] {
  return createBuiltinToolHandlers(config, terminals);
}
