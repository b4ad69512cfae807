/** Patch approval: Codex's `assess_patch_safety`, mapped onto the orchestrator's requirement. */
import { isWritableInLayout, realpathLenient } from "@codex/sandbox";
import { assessPatchSafety } from "../safety/assess.ts";
import type { ApprovalRequirement, ToolContext } from "../types.ts";
import { sessionLayout } from "./patch-fs.ts";
import type { PreparedPatch } from "./prepare.ts";

export function patchApprovalRequirement(
  patch: PreparedPatch,
  ctx: ToolContext,
  reason: string | null,
): ApprovalRequirement {
  // The same rules the sandbox enforces when the patch is written (`.codex` and gitdirs included).
  const layout = sessionLayout(ctx.sandboxPolicy, ctx.cwd);
  const constrained = patch.writePaths.every((path) => isWritableInLayout(layout, realpathLenient(path)));
  // Approving a patch that writes outside the writable roots means applying it without the sandbox.
  const ask: ApprovalRequirement = {
    type: "ask",
    request: { type: "patch", changes: patch.changes, unifiedDiff: patch.unifiedDiff, reason },
    outsideSandbox: !constrained,
  };
  // Patches are applied in-process, held to the sandbox's rules by the confined writer, so "a
  // sandbox exists" always holds for them. A patch reaching outside the roots would fail there;
  // under on-failure ask up front instead of failing half-way.
  if (!constrained && ctx.approvalPolicy === "on-failure" && ctx.sandboxPolicy.mode !== "danger-full-access")
    return {
      ...ask,
      request: { ...ask.request, reason: reason ?? "the patch writes outside the writable roots" },
    };
  const check = assessPatchSafety({
    approvalPolicy: ctx.approvalPolicy,
    sandboxPolicy: ctx.sandboxPolicy,
    constrainedToWritableRoots: constrained,
    empty: patch.changes.length === 0,
    sandboxAvailable: true,
  });
  if (check.type === "auto_approve") return { type: "skip" };
  if (check.type === "reject") return { type: "forbidden", reason: `patch rejected: ${check.reason}` };
  return ask;
}
