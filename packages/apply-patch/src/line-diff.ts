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

/** Beyond this many stored trace cells the middle is reported as one replacement. */
const TRACE_BUDGET = 20_000_000;

/** Edit script turning `a` into `b`, as runs of equal, deleted and inserted lines. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const ids = new Map<string, number>();
  const toId = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const midA = Int32Array.from(a.slice(prefix, a.length - suffix), toId);
  const midB = Int32Array.from(b.slice(prefix, b.length - suffix), toId);
  const steps = myers(midA, midB);
  const ops: DiffOp[] = [];
  const push = (type: DiffOp["type"], oldIndex: number, newIndex: number) => {
    const last = ops[ops.length - 1];
    if (last !== undefined && last.type === type) {
      last.length++;
      return;
    }
    ops.push({ type, oldIndex, newIndex, length: 1 });
  };
  for (let i = 0; i < prefix; i++) push("equal", i, i);
  for (const step of steps) push(step.type, step.x + prefix, step.y + prefix);
  for (let i = 0; i < suffix; i++) push("equal", a.length - suffix + i, b.length - suffix + i);
  return ops;
}

type Step = { type: DiffOp["type"]; x: number; y: number };

function myers(a: Int32Array, b: Int32Array): Step[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let stored = 0;
  let finalD = -1;
  for (let d = 0; d <= max && finalD < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        finalD = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
    stored += 2 * d + 1;
    if (finalD < 0 && stored > TRACE_BUDGET) return replaceAll(n, m);
  }
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = finalD; d > 0; d--) {
    const prev = trace[d - 1] as Int32Array;
    const at = (k: number) => prev[k + d - 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      steps.push({ type: "equal", x, y });
    }
    if (x === prevX) steps.push({ type: "insert", x, y: prevY });
    else steps.push({ type: "delete", x: prevX, y });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    steps.push({ type: "equal", x, y });
  }
  return steps.reverse();
}

function replaceAll(n: number, m: number): Step[] {
  const steps: Step[] = [];
  for (let x = 0; x < n; x++) steps.push({ type: "delete", x, y: 0 });
  for (let y = 0; y < m; y++) steps.push({ type: "insert", x: n, y });
  return steps;
}
