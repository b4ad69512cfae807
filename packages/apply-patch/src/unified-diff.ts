/**
 * Unified diffs in the format of `similar`'s `unified_diff()` (GNU ranges such as "@@ -3 +3,2 @@",
 * a "\ No newline at end of file" marker). Hunks only; callers add file headers.
 */
import { type DiffOp, diffLines, splitKeepingNewlines } from "./line-diff.ts";
import { countLines, linesBack, linesForward, sharedEnds } from "./shared-ends.ts";

/** Some of a text's lines: `lines[i]` is line `first + i`. */
type LineWindow = { first: number; lines: string[] };

/**
 * Two texts' edit script, with the lines a unified diff shows of them: the changed region and up
 * to `context` unchanged lines around it. The unchanged beginning and end are counted, not split.
 */
export type TextDiff = { a: LineWindow; b: LineWindow; ops: DiffOp[]; context: number };

export function diffTexts(oldText: string, newText: string, options: { context: number }): TextDiff {
  const { context } = options;
  const ends = sharedEnds(oldText, newText);
  const start = linesBack(oldText, ends.prefixEnd, context);
  const endOld = linesForward(oldText, ends.suffixStartOld, context);
  const endNew = linesForward(newText, ends.suffixStartNew, context);
  const first = countLines(oldText, 0, start);
  const a = { first, lines: splitKeepingNewlines(oldText.slice(start, endOld)) };
  const b = { first, lines: splitKeepingNewlines(newText.slice(start, endNew)) };
  const ops: DiffOp[] = [];
  const add = (op: DiffOp) => {
    if (op.length === 0) return;
    const last = ops[ops.length - 1];
    if (last !== undefined && last.type === "equal" && op.type === "equal") last.length += op.length;
    else ops.push(op);
  };
  add({ type: "equal", oldIndex: 0, newIndex: 0, length: first });
  for (const op of diffLines(a.lines, b.lines))
    add({ ...op, oldIndex: op.oldIndex + first, newIndex: op.newIndex + first });
  add({
    type: "equal",
    oldIndex: first + a.lines.length,
    newIndex: first + b.lines.length,
    length: countLines(oldText, endOld, oldText.length),
  });
  return { a, b, ops, context };
}

/** The hunks of a diff, with `context` lines around changes (at most what the diff kept). */
export function formatUnifiedDiff(diff: TextDiff, context: number): string {
  if (context > diff.context)
    throw new RangeError(`the diff keeps ${diff.context} lines of context, not ${context}`);
  let out = "";
  for (const group of groupOps(diff.ops, context)) out += formatHunk(group, diff.a, diff.b);
  return out;
}

/** The hunks turning `oldText` into `newText`, with `context` lines (default 1) around changes. */
export function unifiedDiff(oldText: string, newText: string, options: { context?: number } = {}): string {
  const context = options.context ?? 1;
  return formatUnifiedDiff(diffTexts(oldText, newText, { context }), context);
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

function formatHunk(group: DiffOp[], a: LineWindow, b: LineWindow): string {
  const first = group.find((op) => op.length > 0) ?? (group[0] as DiffOp);
  let oldLength = 0;
  let newLength = 0;
  let body = "";
  for (const op of group) {
    for (let i = 0; i < op.length; i++) {
      if (op.type === "equal") body += formatLine(" ", a.lines[op.oldIndex - a.first + i] as string);
      else if (op.type === "delete") body += formatLine("-", a.lines[op.oldIndex - a.first + i] as string);
      else body += formatLine("+", b.lines[op.newIndex - b.first + i] as string);
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
