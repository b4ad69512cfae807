/** Patch approval: Codex's `assess_patch_safety`, mapped onto the orchestrator's requirement. */
import { assessPatchSafety } from "../safety/assess.ts";
import { isPathWritable } from "../safety/writable-roots.ts";
import type { ApprovalRequirement, ToolContext } from "../types.ts";
import type { PreparedPatch } from "./prepare.ts";

export function patchApprovalRequirement(
  patch: PreparedPatch,
  ctx: ToolContext,
  reason: string | null,
): ApprovalRequirement {
  const constrained = patch.writePaths.every((path) =>
    isPathWritable(path, { policy: ctx.sandboxPolicy, cwd: ctx.cwd, env: process.env }),
  );
  const ask: ApprovalRequirement = {
    type: "ask",
    request: { type: "patch", changes: patch.changes, unifiedDiff: patch.unifiedDiff, reason },
  };
  // Patches are applied in-process and confined to the writable roots by the applier itself, so
  // "a sandbox exists" always holds for them. A patch reaching outside the roots would fail there;
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
