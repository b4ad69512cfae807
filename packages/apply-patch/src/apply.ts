/**
 * Applies parsed hunks in order through a PatchFileSystem. There is no rollback: when a hunk fails,
 * the hunks before it stay applied (as in the reference). Paths are resolved against `cwd`; error
 * messages and the summary show them as the patch wrote them.
 */
import { resolve } from "node:path";
import { ApplyPatchError } from "./errors.ts";
import { describeIoError, nodeFileSystem, type PatchFileSystem } from "./file-system.ts";
import { parsePatch } from "./parser.ts";
import type { Hunk } from "./types.ts";
import { applyChunks } from "./update-file.ts";

const BOM = "\uFEFF";

export type AffectedPaths = { added: string[]; modified: string[]; deleted: string[] };

export type ApplyOptions = {
  /** Directory relative paths in the patch are resolved against (absolute). */
  cwd: string;
  /** Defaults to node:fs. */
  fs?: PatchFileSystem;
};

/** One applied hunk. Contents are filled only as `recordContents` asks. */
export type AppliedChange = {
  kind: "add" | "delete" | "update";
  /** As written in the patch. */
  path: string;
  absolutePath: string;
  movePath?: string;
  absoluteMovePath?: string;
  oldContent?: string;
  newContent?: string;
};

export type ApplyResult = { affected: AffectedPaths; changes: AppliedChange[] };

/** Parses and applies a patch. Throws a ParseError or an ApplyPatchError. */
export async function applyPatch(text: string, options: ApplyOptions): Promise<AffectedPaths> {
  const { hunks } = parsePatch(text);
  return (await applyHunks(hunks, options)).affected;
}

/** Applies hunks in order. Throws ApplyPatchError ("No files were modified." when there are none). */
export async function applyHunks(
  hunks: readonly Hunk[],
  options: ApplyOptions & {
    /** Report each change's text: what it wrote (`"new"`), or that and what it replaced (`"all"`, which reads a deleted file). */
    recordContents?: "new" | "all";
  },
): Promise<ApplyResult> {
  if (hunks.length === 0) throw new ApplyPatchError("No files were modified.");
  const fs = options.fs ?? nodeFileSystem;
  const record = options.recordContents !== undefined;
  const recordOld = options.recordContents === "all";
  const affected: AffectedPaths = { added: [], modified: [], deleted: [] };
  const changes: AppliedChange[] = [];
  for (const hunk of hunks) {
    const absolutePath = resolve(options.cwd, hunk.path);
    if (hunk.type === "add") {
      await createParent(fs, absolutePath);
      await attempt(() => fs.writeFile(absolutePath, hunk.contents), `Failed to write file ${absolutePath}`);
      affected.added.push(hunk.path);
      changes.push({
        kind: "add",
        path: hunk.path,
        absolutePath,
        ...(record && { newContent: hunk.contents }),
      });
    } else if (hunk.type === "delete") {
      const oldContent = recordOld ? await fs.readFile(absolutePath).catch(() => undefined) : undefined;
      await attempt(() => fs.removeFile(absolutePath), `Failed to delete file ${absolutePath}`);
      affected.deleted.push(hunk.path);
      changes.push({ kind: "delete", path: hunk.path, absolutePath, ...(recordOld && { oldContent }) });
    } else {
      const oldContent = await readForUpdate(fs, absolutePath);
      // A byte-order mark is not part of the first line the model quotes; it stays in the file.
      const bom = oldContent.startsWith(BOM) ? BOM : "";
      const newContent = bom + applyChunks(oldContent.slice(bom.length), hunk.chunks, absolutePath);
      const change: AppliedChange = { kind: "update", path: hunk.path, absolutePath };
      if (record) change.newContent = newContent;
      if (recordOld) change.oldContent = oldContent;
      if (hunk.movePath !== null) {
        const dest = resolve(options.cwd, hunk.movePath);
        await createParent(fs, dest);
        await attempt(() => fs.writeFile(dest, newContent), `Failed to write file ${dest}`);
        // The reference deletes the file when it is "moved" onto itself; we keep it.
        if (dest !== absolutePath) {
          await attempt(() => fs.removeFile(absolutePath), `Failed to remove original ${absolutePath}`);
        }
        affected.modified.push(hunk.movePath);
        Object.assign(change, { movePath: hunk.movePath, absoluteMovePath: dest });
      } else {
        await attempt(() => fs.writeFile(absolutePath, newContent), `Failed to write file ${absolutePath}`);
        affected.modified.push(hunk.path);
      }
      changes.push(change);
    }
  }
  return { affected, changes };
}

async function readForUpdate(fs: PatchFileSystem, absolutePath: string): Promise<string> {
  try {
    return await fs.readFile(absolutePath);
  } catch (error) {
    throw new ApplyPatchError(`Failed to read file to update ${absolutePath}: ${describeIoError(error)}`);
  }
}

/**
 * Creates the parent directories of `absolutePath`. A failure is not reported on its own: the
 * write that follows fails and says so, as Codex 0.169 words it ("Failed to write file …").
 */
async function createParent(fs: PatchFileSystem, absolutePath: string): Promise<void> {
  const parent = resolve(absolutePath, "..");
  if (parent === absolutePath) return;
  try {
    await fs.createDirAll(parent);
  } catch {
    // The write reports it.
  }
}

/** Runs an fs step; on failure throws the reference's context message (without the OS detail). */
async function attempt(step: () => Promise<void>, context: string): Promise<void> {
  try {
    await step();
  } catch (error) {
    throw new ApplyPatchError(context, { cause: error });
  }
}

/** The success text: "Success. Updated the following files:" then A, M, D lines, newline-terminated. */
export function formatSummary(affected: AffectedPaths): string {
  let text = "Success. Updated the following files:\n";
  for (const path of affected.added) text += `A ${path}\n`;
  for (const path of affected.modified) text += `M ${path}\n`;
  for (const path of affected.deleted) text += `D ${path}\n`;
  return text;
}
