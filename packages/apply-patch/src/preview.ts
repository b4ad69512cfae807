/**
 * What a patch would do, computed without writing: the list of changes with absolute paths and a
 * unified diff per file and for the whole patch. Hunks are played in order against an in-memory
 * overlay, so a patch that adds a file and then updates it previews as it would apply.
 */
import { relative, sep } from "node:path";
import { type AppliedChange, applyHunks } from "./apply.ts";
import { nodeFileSystem, type PatchFileSystem } from "./file-system.ts";
import { OverlayFileSystem } from "./overlay-file-system.ts";
import { parsePatch } from "./parser.ts";
import type { Hunk } from "./types.ts";
import { diffTexts, formatUnifiedDiff, type TextDiff } from "./unified-diff.ts";

export type PatchChangeKind = "add" | "delete" | "update";

export type PatchChange = {
  /** Absolute path of the file the hunk names (the source, for a move). */
  path: string;
  kind: PatchChangeKind;
  /** Absolute destination of a move. */
  move_path?: string;
  /** Hunks only ("@@ ..."), no file header. For add/delete: the whole file as added/removed. */
  unified_diff: string;
  /** Contents before (update, delete) and after (add, update). */
  old_content?: string;
  new_content?: string;
};

export type PatchPreview = {
  cwd: string;
  /** The patch body without any heredoc wrapper. */
  patch: string;
  changes: PatchChange[];
  /** Git-style diff of every change (with `diff --git`, `---`/`+++` headers). */
  unified_diff: string;
};

export type PreviewOptions = {
  /** Absolute directory that relative paths are resolved against. */
  cwd: string;
  fs?: PatchFileSystem;
  /** Context lines in the per-file diffs (default 1, as the reference) and the whole diff (default 3). */
  context?: number;
  patchContext?: number;
};

/** Parses and previews a patch. Throws ParseError or ApplyPatchError, worded as apply would. */
export async function previewPatch(text: string, options: PreviewOptions): Promise<PatchPreview> {
  const parsed = parsePatch(text);
  return { ...(await previewHunks(parsed.hunks, options)), patch: parsed.patch };
}

/** Previews already-parsed hunks. */
export async function previewHunks(
  hunks: readonly Hunk[],
  options: PreviewOptions,
): Promise<Omit<PatchPreview, "patch">> {
  const overlay = new OverlayFileSystem(options.fs ?? nodeFileSystem);
  const { changes } = await applyHunks(hunks, { cwd: options.cwd, fs: overlay, recordContents: "all" });
  // One line diff per file serves both amounts of context (a large file's diff is the costly
  // part), and is let go before the next file's.
  const result: PatchChange[] = [];
  let whole = "";
  for (const change of changes) {
    const diff = diffTexts(change.oldContent ?? "", change.newContent ?? "", {
      context: Math.max(options.context ?? 1, options.patchContext ?? 3),
    });
    result.push(toPatchChange(change, diff, options.context ?? 1));
    whole += gitSection(change, diff, options);
  }
  return { cwd: options.cwd, changes: result, unified_diff: whole };
}

function toPatchChange(change: AppliedChange, diff: TextDiff, context: number): PatchChange {
  const result: PatchChange = {
    path: change.absolutePath,
    kind: change.kind,
    unified_diff: formatUnifiedDiff(diff, context),
  };
  if (change.absoluteMovePath !== undefined) result.move_path = change.absoluteMovePath;
  if (change.oldContent !== undefined) result.old_content = change.oldContent;
  if (change.newContent !== undefined) result.new_content = change.newContent;
  return result;
}

function gitSection(change: AppliedChange, diff: TextDiff, options: PreviewOptions): string {
  const from = displayPath(change.absolutePath, options.cwd);
  const to = change.absoluteMovePath !== undefined ? displayPath(change.absoluteMovePath, options.cwd) : from;
  const hunks = formatUnifiedDiff(diff, options.patchContext ?? 3);
  let header = `diff --git a/${from} b/${to}\n`;
  if (change.kind === "add") header += `new file mode 100644\n--- /dev/null\n+++ b/${to}\n`;
  else if (change.kind === "delete") header += `deleted file mode 100644\n--- a/${from}\n+++ /dev/null\n`;
  else {
    if (from !== to) header += `rename from ${from}\nrename to ${to}\n`;
    header += `--- a/${from}\n+++ b/${to}\n`;
  }
  return header + hunks;
}

/** Relative to cwd with forward slashes when inside it, else the absolute path. */
function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  if (rel === "" || rel.startsWith("..") || rel.startsWith(sep)) return absolute;
  return rel.split(sep).join("/");
}
