/**
 * Applies a verified patch for a tool call: on the real disk when no sandbox applies, otherwise
 * held to the sandbox's rules (the session's writable roots minus `.git`, its gitdir and `.codex`);
 * then reports a `file_change` item (started, as 0.169 does, before the first write; completed
 * after) and the turn's diff. Returns the result shaped as a command's
 * (exit code 0 with the "Success. Updated the following files:" summary, or 1 with the error),
 * which is what the model sees for apply_patch, and whether the sandbox refused a write.
 */
import { resolve } from "node:path";
import { type AppliedChange, applyHunks, formatSummary, nodeFileSystem } from "@codex/apply-patch";
import { SandboxWriteDenied } from "@codex/sandbox";
import type { ExecResultSummary } from "../exec/format.ts";
import type { ApprovalRequest, ToolRunContext } from "../types.ts";
import { sandboxedPatchFileSystem } from "./patch-fs.ts";
import type { PreparedPatch } from "./prepare.ts";
import { turnDiffTrackerFor } from "./turn-diff-tracker.ts";

function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
}

/** The text each path holds after the changes (absolute path to text); deleted paths are left out. */
function writtenTexts(changes: readonly AppliedChange[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const change of changes) {
    texts.delete(change.absolutePath);
    if (change.kind === "delete" || change.newContent === undefined) continue;
    texts.set(change.absoluteMovePath ?? change.absolutePath, change.newContent);
  }
  return texts;
}

export type PatchRun = {
  summary: ExecResultSummary;
  success: boolean;
  /** Set when the sandbox refused a write: what to ask to apply it without the sandbox. */
  deniedBySandbox?: { retry: ApprovalRequest };
};

export async function runPreparedPatch(patch: PreparedPatch, ctx: ToolRunContext): Promise<PatchRun> {
  const fs =
    ctx.sandbox.type === "none"
      ? nodeFileSystem
      : sandboxedPatchFileSystem({ policy: ctx.sandbox.policy, sessionCwd: ctx.cwd });
  const tracker = turnDiffTrackerFor(ctx.signal, ctx.cwd);
  tracker.beforeApply(patch.writePaths, patch.baselines);
  const item = { id: ctx.nextItemId(), type: "file_change" as const, changes: patch.changes };
  ctx.emit({ type: "item_started", item: { ...item, status: "in_progress", diff: patch.unifiedDiff } });
  const started = performance.now();
  let output: string;
  let success: boolean;
  let denied = false;
  try {
    const { affected, changes } = await applyHunks(patch.hunks, {
      cwd: patch.cwd,
      fs,
      recordContents: "new",
    });
    output = formatSummary(affected);
    success = true;
    tracker.recordMoves(
      patch.hunks.flatMap((h) =>
        h.type === "update" && h.movePath !== null
          ? [{ from: resolve(patch.cwd, h.path), to: resolve(patch.cwd, h.movePath) }]
          : [],
      ),
    );
    tracker.recordWritten(writtenTexts(changes));
  } catch (error) {
    output = `${failureText(error)}\n`;
    success = false;
    denied = error instanceof Error && error.cause instanceof SandboxWriteDenied;
  }
  const durationMs = performance.now() - started;
  ctx.emit({
    type: "item_completed",
    item: { ...item, status: success ? "completed" : "failed", diff: patch.unifiedDiff },
  });
  const turnDiff = tracker.unifiedDiff();
  if (turnDiff !== "") ctx.emit({ type: "turn_diff", unified_diff: turnDiff });
  const summary = { output, exitCode: success ? 0 : 1, durationMs };
  if (!denied) return { summary, success };
  const reason = "the sandbox refused a write; apply the patch without the sandbox?";
  const retry: ApprovalRequest = {
    type: "patch",
    changes: patch.changes,
    unifiedDiff: patch.unifiedDiff,
    reason,
  };
  return { summary, success, deniedBySandbox: { retry } };
}
