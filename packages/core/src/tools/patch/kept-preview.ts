/**
 * A patch is verified twice: when its approval is decided, and again when it runs (the user may
 * take minutes to answer, and the files may change meanwhile). Verifying means a preview, which
 * reads and diffs every file the patch touches: for a 10 MB file, ~150 ms and tens of megabytes.
 * So the approval's preview is kept for the run, and used only if none of those files changed
 * since (same device and inode, size, modification and change times); otherwise the run verifies
 * again.
 */
import { fileStamp } from "./file-stamp.ts";
import type { PreparedPatch } from "./prepare.ts";

const kept = new WeakMap<object, { patch: PreparedPatch; stamps: string }>();

/** What the files a patch touches look like on disk now ("-" for one that does not exist). */
function stampsOf(patch: PreparedPatch): string {
  return patch.writePaths.map((path) => fileStamp(path)?.stamp ?? "-").join("\n");
}

/** Keeps the preview made for `call`'s approval. */
export function keepPreview(call: object, patch: PreparedPatch): void {
  kept.set(call, { patch, stamps: stampsOf(patch) });
}

/** The preview kept for `call`, if its files are unchanged since; it is given out once. */
export function takeKeptPreview(call: object): PreparedPatch | null {
  const entry = kept.get(call);
  kept.delete(call);
  if (entry === undefined || stampsOf(entry.patch) !== entry.stamps) return null;
  return entry.patch;
}
