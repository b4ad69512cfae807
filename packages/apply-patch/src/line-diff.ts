/**
 * Line diff (Myers, after trimming the common prefix and suffix) of two texts. Lines keep their
 * "\n", so a missing final newline is a difference, as in `similar::TextDiff::from_lines`.
 */

/** A run of lines; both indices are given for every type (the position on the other side). */
export type DiffOp = {
  type: "equal" | "delete" | "insert";
  oldIndex: number;
  newIndex: number;
  length: number;
};

/** Splits text into lines that keep their terminating "\n" (the last may lack one). */
export function splitKeepingNewlines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", start)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/**
 * Beyond this much search (diagonals tried, summed over the whole diff) the part still being
 * searched is reported as one replacement: a correct diff, if not the shortest, in bounded time.
 */
const SEARCH_BUDGET = 50_000_000;

/**
 * Edit script turning `a` into `b`, as runs of equal, deleted and inserted lines. Myers' algorithm
 * in its linear-space form (the middle snake, divide and conquer), as `similar` runs it: memory in
 * proportion to the lines, not to lines × differences (a 2,000-hunk patch of a 200,000-line file
 * kept 64 MB of trace with the basic form).
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const search = new MiddleSnakeSearch(a, b);
  const ops: DiffOp[] = [];
  const emit = (type: DiffOp["type"], oldIndex: number, newIndex: number, length: number) => {
    if (length === 0) return;
    const last = ops[ops.length - 1];
    if (type === "delete" && last?.type === "insert") {
      // Between two equal runs, the deleted lines go before the inserted ones (as similar's
      // replace operations show them), however the search found them.
      ops.pop();
      const before = ops[ops.length - 1];
      if (before?.type === "delete") before.length += length;
      else ops.push({ type: "delete", oldIndex, newIndex: last.newIndex, length });
      ops.push({ type: "insert", oldIndex: oldIndex + length, newIndex: last.newIndex, length: last.length });
      return;
    }
    if (last !== undefined && last.type === type) last.length += length;
    else ops.push({ type, oldIndex, newIndex, length });
  };
  const replace = (x0: number, x1: number, y0: number, y1: number) => {
    emit("delete", x0, y0, x1 - x0);
    emit("insert", x1, y0, y1 - y0);
  };
  // Ranges still to diff, in order; a range's common suffix is emitted after its middle.
  type Task =
    | { type: "range"; x0: number; x1: number; y0: number; y1: number }
    | { type: "equal"; x: number; y: number; length: number };
  const tasks: Task[] = [{ type: "range", x0: 0, x1: a.length, y0: 0, y1: b.length }];
  while (tasks.length > 0) {
    const task = tasks.pop() as Task;
    if (task.type === "equal") {
      emit("equal", task.x, task.y, task.length);
      continue;
    }
    let { x0, x1, y0, y1 } = task;
    const prefix = search.commonPrefix(x0, x1, y0, y1);
    emit("equal", x0, y0, prefix);
    x0 += prefix;
    y0 += prefix;
    const suffix = search.commonSuffix(x0, x1, y0, y1);
    x1 -= suffix;
    y1 -= suffix;
    if (suffix > 0) tasks.push({ type: "equal", x: x1, y: y1, length: suffix });
    // One side empty: all of the other is deleted or inserted. Budget spent: one replacement.
    const snake = x0 === x1 || y0 === y1 ? null : search.middleSnake(x0, x1, y0, y1);
    if (snake === null) {
      replace(x0, x1, y0, y1);
      continue;
    }
    // Second half first on the stack, so that the first half is done first.
    tasks.push({ type: "range", x0: snake.x, x1, y0: snake.y, y1 });
    tasks.push({ type: "range", x0, x1: snake.x, y0, y1: snake.y });
  }
  return ops;
}

/** Myers' middle snake over two sequences of lines, with the diff's search budget. */
class MiddleSnakeSearch {
  private readonly forward: Int32Array;
  private readonly backward: Int32Array;
  private readonly offset: number;
  private budget = SEARCH_BUDGET;

  constructor(
    private readonly a: readonly string[],
    private readonly b: readonly string[],
  ) {
    this.offset = maxD(a.length, b.length) + 1;
    this.forward = new Int32Array(2 * this.offset + 1);
    this.backward = new Int32Array(2 * this.offset + 1);
  }

  commonPrefix(x0: number, x1: number, y0: number, y1: number): number {
    const { a, b } = this;
    let n = 0;
    while (x0 + n < x1 && y0 + n < y1 && a[x0 + n] === b[y0 + n]) n++;
    return n;
  }

  commonSuffix(x0: number, x1: number, y0: number, y1: number): number {
    const { a, b } = this;
    let n = 0;
    while (x1 - n > x0 && y1 - n > y0 && a[x1 - n - 1] === b[y1 - n - 1]) n++;
    return n;
  }

  /**
   * Where the middle snake of the shortest edit script of a[x0, x1) into b[y0, y1) starts (both
   * ranges non-empty), found by searching from both corners until the paths meet; null once the
   * budget is spent.
   */
  middleSnake(x0: number, x1: number, y0: number, y1: number): { x: number; y: number } | null {
    const n = x1 - x0;
    const m = y1 - y0;
    const delta = n - m;
    const odd = (delta & 1) !== 0;
    const { forward: vf, backward: vb, offset } = this;
    vf[offset + 1] = 0;
    vb[offset + 1] = 0;
    const dMax = maxD(n, m);
    for (let d = 0; d < dMax; d++) {
      this.budget -= 2 * d + 1;
      if (this.budget < 0) return null;
      for (let k = d; k >= -d; k -= 2) {
        const x =
          k === -d || (k !== d && (vf[offset + k - 1] as number) < (vf[offset + k + 1] as number))
            ? (vf[offset + k + 1] as number)
            : (vf[offset + k - 1] as number) + 1;
        const y = x - k;
        const end = x < n && y < m ? x + this.commonPrefix(x0 + x, x1, y0 + y, y1) : x;
        vf[offset + k] = end;
        if (odd && Math.abs(k - delta) <= d - 1 && end + (vb[offset - (k - delta)] as number) >= n)
          return { x: x0 + x, y: y0 + y };
      }
      for (let k = d; k >= -d; k -= 2) {
        let x =
          k === -d || (k !== d && (vb[offset + k - 1] as number) < (vb[offset + k + 1] as number))
            ? (vb[offset + k + 1] as number)
            : (vb[offset + k - 1] as number) + 1;
        let y = x - k;
        if (x < n && y < m) {
          const advance = this.commonSuffix(x0, x1 - x, y0, y1 - y);
          x += advance;
          y += advance;
        }
        vb[offset + k] = x;
        if (!odd && Math.abs(k - delta) <= d && x + (vf[offset - (k - delta)] as number) >= n)
          return { x: x1 - x, y: y1 - y };
      }
    }
    return null;
  }
}

/** Half the longest possible edit script, and one more: how far each side's search may go. */
function maxD(n: number, m: number): number {
  return Math.floor((n + m + 1) / 2) + 1;
}
