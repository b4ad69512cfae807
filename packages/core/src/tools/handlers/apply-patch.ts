/**
 * The `apply_patch` tool, freeform (the patch text is the call's input) or as a JSON function
 * `{input}`. The patch is verified first (nothing written when it does not apply), approved with
 * its diff under the policy, applied, and reported as a `file_change` item plus the turn's diff.
 */
import { formatExecResult } from "../exec/format.ts";
import { patchApprovalRequirement } from "../patch/approval.ts";
import { applyPatchToolSpec } from "../patch/grammar.ts";
import { keepPreview, takeKeptPreview } from "../patch/kept-preview.ts";
import { preparePatch } from "../patch/prepare.ts";
import { runPreparedPatch } from "../patch/run-patch.ts";
import {
  type ApprovalRequirement,
  parseFunctionArguments,
  type ToolCall,
  type ToolContext,
  type ToolHandler,
  ToolInputError,
  type ToolResult,
  type ToolRunContext,
} from "../types.ts";
import { useTextForm } from "./output-form.ts";

export function patchTextOf(call: ToolCall): string {
  if (call.payload.kind === "custom") return call.payload.input;
  const args = parseFunctionArguments(call);
  if (typeof args.input !== "string")
    throw new ToolInputError("failed to parse function arguments: `input` must be the patch text");
  return args.input;
}

async function approval(call: ToolCall, ctx: ToolContext): Promise<ApprovalRequirement> {
  const prepared = await preparePatch(patchTextOf(call), ctx.cwd);
  if (prepared.type === "error") return { type: "skip" };
  keepPreview(call, prepared.patch);
  return patchApprovalRequirement(prepared.patch, ctx, null);
}

async function run(call: ToolCall, ctx: ToolRunContext): Promise<ToolResult> {
  const kept = takeKeptPreview(call);
  const prepared = kept
    ? { type: "ok" as const, patch: kept }
    : await preparePatch(patchTextOf(call), ctx.cwd);
  if (prepared.type === "error") return { output: prepared.message, success: false };
  const { summary, success, deniedBySandbox } = await runPreparedPatch(prepared.patch, ctx);
  const output = formatExecResult(summary, { textForm: useTextForm(ctx) });
  return { output, success, ...(deniedBySandbox ? { deniedBySandbox } : {}) };
}

export function createApplyPatchHandler(options: { freeform: boolean }): ToolHandler {
  return { spec: applyPatchToolSpec(options), aliases: ["applypatch"], approval, run };
}
