/**
 * The built-in tool handlers, in the order Codex offers them: shell or exec_command + write_stdin
 * (the registry offers one form, per `features.unified_exec`), apply_patch (freeform or JSON per
 * config), update_plan, view_image. The registry drops update_plan and view_image when the config
 * does not enable them; web_search is a native Responses tool added by the registry.
 */
import type { Config } from "../../config/types.ts";
import { createExecCommandHandler } from "../terminals/exec-command.ts";
import type { TerminalSessions } from "../terminals/terminal-sessions.ts";
import { createWriteStdinHandler } from "../terminals/write-stdin.ts";
import type { ToolHandler } from "../types.ts";
import { createApplyPatchHandler } from "./apply-patch.ts";
import { createShellHandler } from "./shell.ts";
import { createUpdatePlanHandler } from "./update-plan.ts";
import { createViewImageHandler } from "./view-image.ts";

/** `terminals`: the session's background terminals, which exec_command and write_stdin share. */
export function createBuiltinToolHandlers(config: Config, terminals: TerminalSessions): ToolHandler[] {
  return [
    createShellHandler(),
    createExecCommandHandler(terminals),
    createWriteStdinHandler(terminals),
    createApplyPatchHandler({ freeform: config.use_freeform_apply_patch }),
    createUpdatePlanHandler(),
    createViewImageHandler(),
  ];
}
