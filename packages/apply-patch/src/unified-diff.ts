/**
 * Unified diffs in the format of `similar`'s `unified_diff()` (GNU ranges such as "@@ -3 +3,2 @@",
 * a "\ No newline at end of file" marker). Hunks only; callers add file headers.
 */
import { type DiffOp, diffLines, splitKeepingNewlines } from "./line-diff.ts";

/** The hunks turning `oldText` into `newText`, with `context` lines (default 1) around changes. */
export function unifiedDiff(oldText: string, newText: string, options: { context?: number } = {}): string {
  const context = options.context ?? 1;
  const a = splitKeepingNewlines(oldText);
  const b = splitKeepingNewlines(newText);
  let out = "";
  for (const group of groupOps(diffLines(a, b), context)) out += formatHunk(group, a, b);
  return out;
}

/** Changes closer than 2×context lines share a hunk; equal runs are cut down to `context` lines. */
function groupOps(ops: DiffOp[], context: number): DiffOp[][] {
  const groups: DiffOp[][] = [];
  let current: DiffOp[] = [];
  const flush = () => {
    if (current.some((op) => op.type !== "equal")) groups.push(current);
    current = [];
  };
  ops.forEach((op, index) => {
    if (op.type !== "equal") {
      current.push(op);
      return;
    }
    const isFirst = index === 0;
    const isLast = index === ops.length - 1;
    if (isFirst || isLast || op.length > 2 * context) {
      if (!isFirst) current.push(slice(op, 0, Math.min(op.length, context)));
      flush();
      if (!isLast) {
        const keep = Math.min(op.length, context);
        current.push(slice(op, op.length - keep, keep));
      }
      return;
    }
    current.push(op);
  });
  flush();
  return groups;
}

function slice(op: DiffOp, skip: number, length: number): DiffOp {
  return { type: op.type, oldIndex: op.oldIndex + skip, newIndex: op.newIndex + skip, length };
}

function formatHunk(group: DiffOp[], a: string[], b: string[]): string {
  const first = group.find((op) => op.length > 0) ?? (group[0] as DiffOp);
  let oldLength = 0;
  let newLength = 0;
  let body = "";
  for (const op of group) {
    for (let i = 0; i < op.length; i++) {
      if (op.type === "equal") body += formatLine(" ", a[op.oldIndex + i] as string);
      else if (op.type === "delete") body += formatLine("-", a[op.oldIndex + i] as string);
      else body += formatLine("+", b[op.newIndex + i] as string);
    }
    if (op.type !== "insert") oldLength += op.length;
    if (op.type !== "delete") newLength += op.length;
  }
  return `@@ -${range(first.oldIndex, oldLength)} +${range(first.newIndex, newLength)} @@\n${body}`;
}

function range(start: number, length: number): string {
  if (length === 1) return `${start + 1}`;
  return `${length === 0 ? start : start + 1},${length}`;
}

function formatLine(prefix: string, text: string): string {
  return text.endsWith("\n") ? `${prefix}${text}` : `${prefix}${text}\n\\ No newline at end of file\n`;
}
