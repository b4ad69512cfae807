/**
 * The line diff behind every unified diff codex shows (patch previews, turn diffs): the shortest
 * edit script, in memory that grows with the lines rather than with lines × differences.
 */
import { describe, expect, test } from "bun:test";
import { type DiffOp, diffLines, splitKeepingNewlines } from "../src/line-diff.ts";
import { diffTexts, formatUnifiedDiff, unifiedDiff } from "../src/unified-diff.ts";

/** Length of the longest common subsequence, by dynamic programming (small inputs only). */
function lcsLength(a: string[], b: string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++)
      row[j] =
        a[i - 1] === b[j - 1]
          ? (previous[j - 1] as number) + 1
          : Math.max(previous[j] as number, row[j - 1] as number);
    previous = row;
  }
  return previous[b.length] as number;
}

/** Replays the ops over `a`, checking each op's indices against where the replay stands. */
function replay(ops: DiffOp[], a: string[], b: string[]): string[] {
  const out: string[] = [];
  let x = 0;
  for (const op of ops) {
    expect(op.oldIndex).toBe(x);
    expect(op.newIndex).toBe(out.length);
    if (op.type === "equal") {
      for (let i = 0; i < op.length; i++) expect(a[x + i]).toBe(b[out.length + i] as string);
      out.push(...a.slice(x, x + op.length));
      x += op.length;
    } else if (op.type === "delete") x += op.length;
    else out.push(...b.slice(op.newIndex, op.newIndex + op.length));
  }
  expect(x).toBe(a.length);
  return out;
}

/** A seeded generator, so that a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("diffLines", () => {
  test("random texts over a few distinct lines: a shortest edit script that replays", () => {
    const next = random(19);
    for (let round = 0; round < 400; round++) {
      const line = () => `${"abcd"[Math.floor(next() * 4)]}\n`;
      const a = Array.from({ length: Math.floor(next() * 30) }, line);
      const b = Array.from({ length: Math.floor(next() * 30) }, line);
      const ops = diffLines(a, b);
      expect(replay(ops, a, b)).toEqual(b);
      const edits = ops.filter((op) => op.type !== "equal").reduce((sum, op) => sum + op.length, 0);
      expect(edits).toBe(a.length + b.length - 2 * lcsLength(a, b));
      // Within a change, deletions come first (an insertion is never followed by a deletion).
      for (let i = 1; i < ops.length; i++)
        expect(ops[i - 1]?.type === "insert" && ops[i]?.type === "delete").toBe(false);
    }
  });

  test("2,000 scattered edits in 200,000 lines: one change per edit", () => {
    const a = Array.from({ length: 200_000 }, (_, i) => `line ${i}\n`);
    const b = a.map((text, i) => (i % 100 === 50 ? `changed ${i}\n` : text));
    const ops = diffLines(a, b);
    expect(replay(ops, a, b)).toEqual(b);
    expect(ops.filter((op) => op.type === "delete")).toHaveLength(2000);
    expect(ops.filter((op) => op.type === "insert")).toHaveLength(2000);
  });

  test("texts with nothing in common: one replacement", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `old ${i}\n`);
    const b = Array.from({ length: 3000 }, (_, i) => `new ${i}\n`);
    const ops = diffLines(a, b);
    expect(ops).toEqual([
      { type: "delete", oldIndex: 0, newIndex: 0, length: 3000 },
      { type: "insert", oldIndex: 3000, newIndex: 0, length: 3000 },
    ]);
  });
});

describe("diffTexts", () => {
  test("splitting only the changed region gives the edit script of the whole texts", () => {
    const next = random(29);
    const pick = (choices: string[]) => choices[Math.floor(next() * choices.length)] as string;
    for (let round = 0; round < 600; round++) {
      // Mostly shared lines, a few changes, with and without final newlines and empty lines.
      const base = Array.from({ length: Math.floor(next() * 40) }, () =>
        pick(["a\n", "b\n", "\n", "cc\n", "a"]),
      );
      const changed = base.flatMap((line) => {
        const roll = next();
        if (roll < 0.08) return [];
        if (roll < 0.16) return [pick(["x\n", "a\n", "\n"]), line];
        if (roll < 0.22) return [pick(["y\n", "b\n"])];
        return [line];
      });
      const oldText = base.join("");
      const newText = changed.join("") + (next() < 0.2 ? "tail" : "");
      const whole = diffLines(splitKeepingNewlines(oldText), splitKeepingNewlines(newText));
      const diff = diffTexts(oldText, newText, { context: 3 });
      expect(diff.ops).toEqual(whole);
      for (const context of [0, 1, 3])
        expect(unifiedDiff(oldText, newText, { context })).toBe(formatUnifiedDiff(diff, context));
    }
  });

  test("large texts: the unchanged ends are found across many comparison blocks", () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `  const value_${i} = compute(${i});\n`);
    const oldText = lines.join("");
    for (const [at, replacement] of [
      [0, "first\n"],
      [123_457, "middle\n"],
      [199_999, "last"],
    ] as const) {
      const newText = [...lines.slice(0, at), replacement, ...lines.slice(at + 1)].join("");
      const diff = diffTexts(oldText, newText, { context: 3 });
      expect(diff.ops).toEqual(diffLines(splitKeepingNewlines(oldText), splitKeepingNewlines(newText)));
      expect(diff.a.lines.length).toBeLessThanOrEqual(7);
    }
  });

  test("a diff is shown with no more context than it kept", () => {
    expect(() => formatUnifiedDiff(diffTexts("a\n", "b\n", { context: 1 }), 3)).toThrow(RangeError);
  });
});
