import { describe, expect, test } from "bun:test";
import { mkdtempSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TurnDiffTracker } from "../../src/tools/patch/turn-diff-tracker.ts";

const fresh = () => mkdtempSync(join(tmpdir(), "codex-turn-diff-"));

describe("TurnDiffTracker", () => {
  test("a baseline already read is not read again: the diff starts from it", () => {
    const dir = fresh();
    const file = join(dir, "f.txt");
    writeFileSync(file, "disk\n");
    const tracker = new TurnDiffTracker({ root: dir });
    tracker.beforeApply([file], new Map([[file, "given\n"]]));
    writeFileSync(file, "after\n");
    expect(tracker.unifiedDiff()).toContain("-given\n+after\n");
  });

  test("the text a patch wrote stands in for the file only while the file is as written", () => {
    const dir = fresh();
    const file = join(dir, "f.txt");
    writeFileSync(file, "a\nb\nc\n");
    const tracker = new TurnDiffTracker({ root: dir });
    tracker.beforeApply([file]);
    writeFileSync(file, "a\nB\nc\n");
    tracker.recordWritten(new Map([[file, "a\nB\nc\n"]]));
    // A command rewrites it before the diff: same size, modification time put back.
    const { mtime } = statSync(file);
    writeFileSync(file, "a\nX\nc\n");
    utimesSync(file, mtime, mtime);
    expect(tracker.unifiedDiff()).toContain("-b\n+X\n");
  });

  test("an unchanged file's written text is used once, then the file is read", () => {
    const dir = fresh();
    const file = join(dir, "f.txt");
    writeFileSync(file, "old\n");
    const tracker = new TurnDiffTracker({ root: dir });
    tracker.beforeApply([file]);
    writeFileSync(file, "new\n");
    // Recorded as something the file does not hold: seen only if the record is used.
    tracker.recordWritten(new Map([[file, "recorded\n"]]));
    expect(tracker.unifiedDiff()).toContain("-old\n+recorded\n");
    expect(tracker.unifiedDiff()).toContain("-old\n+new\n");
  });
});
