/** Whether command-like results go to the model in text form (freeform apply_patch offered). */
import type { ToolContext } from "../types.ts";

export function useTextForm(ctx: ToolContext): boolean {
  return ctx.config.use_freeform_apply_patch && ctx.offeredTools.has("apply_patch");
}
