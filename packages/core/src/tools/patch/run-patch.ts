/**
 * Applies a verified patch for a tool call: on the real disk when no sandbox applies, otherwise
 * confined to the policy's writable roots; then reports a `file_change` item and the turn's diff.
 * Returns the result shaped as a command's (exit code 0 with the "Success. Updated the following
 * files:" summary, or 1 with the error), which is what the model sees for apply_patch.
 */
import { resolve } from "node:path";
import { applyHunks, formatSummary, nodeFileSystem } from "@codex/apply-patch";
import type { ExecResultSummary } from "../exec/format.ts";
import type { ToolRunContext } from "../types.ts";
import { confinedFileSystem } from "./patch-fs.ts";
import type { PreparedPatch } from "./prepare.ts";
import { turnDiffTrackerFor } from "./turn-diff-tracker.ts";

function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
}

export async function runPreparedPatch(
  patch: PreparedPatch,
  ctx: ToolRunContext,
): Promise<{ summary: ExecResultSummary; success: boolean }> {
  const fs =
    ctx.sandbox.type === "none"
      ? nodeFileSystem
      : confinedFileSystem({ policy: ctx.sandbox.policy, cwd: patch.cwd });
  const tracker = turnDiffTrackerFor(ctx.signal, ctx.cwd);
  tracker.beforeApply(patch.writePaths);
  const started = performance.now();
  let output: string;
  let success: boolean;
  try {
    const { affected } = await applyHunks(patch.hunks, { cwd: patch.cwd, fs });
    output = formatSummary(affected);
    success = true;
    tracker.recordMoves(
      patch.hunks.flatMap((h) =>
        h.type === "update" && h.movePath !== null
          ? [{ from: resolve(patch.cwd, h.path), to: resolve(patch.cwd, h.movePath) }]
          : [],
      ),
    );
  } catch (error) {
    output = `${failureText(error)}\n`;
    success = false;
  }
  const durationMs = performance.now() - started;
  ctx.emit({
    type: "item_completed",
    item: {
      id: ctx.nextItemId(),
      type: "file_change",
      changes: patch.changes,
      status: success ? "completed" : "failed",
      diff: patch.unifiedDiff,
    },
  });
  const turnDiff = tracker.unifiedDiff();
  if (turnDiff !== "") ctx.emit({ type: "turn_diff", unified_diff: turnDiff });
  return { summary: { output, exitCode: success ? 0 : 1, durationMs }, success };
}
