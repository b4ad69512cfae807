/**
 * Verifies a patch before anything is written (via `@codex/apply-patch`'s preview, which plays
 * the hunks on an in-memory overlay): the changes (absolute paths, kinds), every path it would
 * write, and the unified diff shown for approval. Errors are worded for the model to fix its patch.
 */

import {
  describeParseError,
  type Hunk,
  isParseError,
  type PatchChange,
  parsePatch,
  previewHunks,
} from "@codex/apply-patch";
import type { FileUpdateChange } from "@codex/protocol";

export type PreparedPatch = {
  hunks: readonly Hunk[];
  cwd: string;
  changes: FileUpdateChange[];
  /** Every path written or removed (absolute), move destinations included. */
  writePaths: string[];
  unifiedDiff: string;
  /**
   * What the preview read from disk for each file the patch updates or deletes first (absolute
   * path to text): the turn's diff takes it as the file's baseline instead of reading it again.
   * Valid while the files are unchanged since the preview, which is how a prepared patch is used
   * (run at once, or kept for its run only while their stat stamps hold; kept-preview.ts).
   */
  baselines: ReadonlyMap<string, string>;
};

export type PrepareOutcome = { type: "ok"; patch: PreparedPatch } | { type: "error"; message: string };

export function verificationMessage(error: unknown): string {
  const detail = isParseError(error)
    ? describeParseError(error)
    : error instanceof Error
      ? error.message
      : String(error);
  return `apply_patch verification failed: ${detail}`;
}

/** Changes are listed by path, compared as UTF-8 bytes, as 0.169 lists them (whatever the patch's order). */
function byPathBytes(a: FileUpdateChange, b: FileUpdateChange): number {
  return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}

/** The disk text of each path whose first change is an update or a delete (see `baselines`). */
function baselinesOf(changes: readonly PatchChange[]): Map<string, string> {
  const baselines = new Map<string, string>();
  const touched = new Set<string>();
  for (const change of changes) {
    const firstTouch = !touched.has(change.path);
    if (firstTouch && change.kind !== "add" && typeof change.old_content === "string")
      baselines.set(change.path, change.old_content);
    touched.add(change.path);
    if (change.move_path !== undefined) touched.add(change.move_path);
  }
  return baselines;
}

export async function prepareHunks(hunks: readonly Hunk[], cwd: string): Promise<PrepareOutcome> {
  try {
    const preview = await previewHunks(hunks, { cwd });
    const changes = preview.changes.map((c) => ({ path: c.path, kind: c.kind })).sort(byPathBytes);
    const writePaths = preview.changes.flatMap((c) =>
      c.move_path === undefined ? [c.path] : [c.path, c.move_path],
    );
    const unifiedDiff = preview.unified_diff;
    const baselines = baselinesOf(preview.changes);
    return { type: "ok", patch: { hunks, cwd, changes, writePaths, unifiedDiff, baselines } };
  } catch (error) {
    return { type: "error", message: verificationMessage(error) };
  }
}

export async function preparePatch(text: string, cwd: string): Promise<PrepareOutcome> {
  let hunks: Hunk[];
  try {
    hunks = parsePatch(text).hunks;
  } catch (error) {
    return { type: "error", message: verificationMessage(error) };
  }
  return prepareHunks(hunks, cwd);
}
