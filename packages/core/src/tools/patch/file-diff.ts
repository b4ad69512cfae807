/** Git-style unified diff of one file's change (used for patch approvals and the turn diff). */
import { isAbsolute, relative } from "node:path";
import { unifiedDiff } from "@codex/apply-patch";

export type FileDiffInput = {
  /** Absolute path before the change (null: the file was created). */
  oldPath: string | null;
  /** Absolute path after the change (null: the file was deleted). */
  newPath: string | null;
  oldContent: string | null;
  newContent: string | null;
  /** Paths are shown relative to this directory when inside it. */
  root: string;
};

function display(path: string, root: string): string {
  const rel = relative(root, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Empty when nothing changed (same path and same contents). */
export function renderFileDiff(input: FileDiffInput): string {
  const { oldPath, newPath, oldContent, newContent, root } = input;
  if (oldPath === newPath && oldContent === newContent) return "";
  const a = display(oldPath ?? newPath ?? "", root);
  const b = display(newPath ?? oldPath ?? "", root);
  let out = `diff --git a/${a} b/${b}\n`;
  if (oldContent === null) out += "new file mode 100644\n";
  else if (newContent === null) out += "deleted file mode 100644\n";
  else if (a !== b) out += `rename from ${a}\nrename to ${b}\n`;
  const hunks = unifiedDiff(oldContent ?? "", newContent ?? "", { context: 3 });
  if (hunks === "") return out;
  out += `--- ${oldContent === null ? "/dev/null" : `a/${a}`}\n`;
  out += `+++ ${newContent === null ? "/dev/null" : `b/${b}`}\n`;
  return out + hunks;
}
