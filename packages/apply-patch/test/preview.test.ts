import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { previewPatch, unifiedDiff } from "../src/index.ts";
import { tempDir } from "./helpers.ts";

const wrap = (body: string) => `*** Begin Patch\n${body}\n*** End Patch`;

describe("unifiedDiff", () => {
  test("matches the reference's diffs (context 1)", () => {
    expect(unifiedDiff("foo\nbar\nbaz\nqux\n", "foo\nBAR\nbaz\nQUX\n")).toBe(
      "@@ -1,4 +1,4 @@\n foo\n-bar\n+BAR\n baz\n-qux\n+QUX\n",
    );
    expect(unifiedDiff("foo\nbar\nbaz\n", "FOO\nbar\nbaz\n")).toBe("@@ -1,2 +1,2 @@\n-foo\n+FOO\n bar\n");
    expect(unifiedDiff("foo\nbar\nbaz\n", "foo\nbar\nBAZ\n")).toBe("@@ -2,2 +2,2 @@\n bar\n-baz\n+BAZ\n");
    expect(unifiedDiff("foo\nbar\nbaz\n", "foo\nbar\nbaz\nquux\n")).toBe("@@ -3 +3,2 @@\n baz\n+quux\n");
    expect(unifiedDiff("a\nb\nc\nd\ne\nf\n", "a\nB\nc\nd\nE\nf\ng\n")).toBe(
      "@@ -1,6 +1,7 @@\n a\n-b\n+B\n c\n d\n-e\n+E\n f\n+g\n",
    );
  });

  test("separate hunks, empty sides, and a missing final newline", () => {
    const old = Array.from({ length: 10 }, (_, i) => `${i}\n`).join("");
    const changed = old.replace("1\n", "one\n").replace("8\n", "eight\n");
    expect(unifiedDiff(old, changed)).toBe(
      "@@ -1,3 +1,3 @@\n 0\n-1\n+one\n 2\n@@ -8,3 +8,3 @@\n 7\n-8\n+eight\n 9\n",
    );
    expect(unifiedDiff("", "a\nb\n")).toBe("@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(unifiedDiff("a\nb\n", "")).toBe("@@ -1,2 +0,0 @@\n-a\n-b\n");
    expect(unifiedDiff("a", "a\n")).toBe("@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n");
    expect(unifiedDiff("same\n", "same\n")).toBe("");
  });

  // Speed of this case: bench/in-process.ts.
  test("large files with scattered edits: one hunk per edit", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
    const changed = lines.map((line, i) => (i % 100 === 1 ? `changed ${i}\n` : line));
    const diff = unifiedDiff(lines.join(""), changed.join(""));
    expect(diff.split("\n").filter((line) => line.startsWith("+")).length).toBe(200);
    expect(diff.split("\n").filter((line) => line.startsWith("@@")).length).toBe(200);
  });
});

describe("previewPatch", () => {
  test("lists changes with absolute paths and diffs, writing nothing", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "multi.txt"), "foo\nbar\nbaz\nqux\n");
    writeFileSync(join(cwd, "old.txt"), "gone\n");
    const preview = await previewPatch(
      wrap(
        "*** Update File: multi.txt\n*** Move to: moved/multi.txt\n@@\n foo\n-bar\n+BAR\n@@\n baz\n-qux\n+QUX\n*** Add File: new.txt\n+hello\n*** Delete File: old.txt",
      ),
      { cwd },
    );
    expect(preview.changes.map(({ path, kind, move_path }) => ({ path, kind, move_path }))).toEqual([
      { path: join(cwd, "multi.txt"), kind: "update", move_path: join(cwd, "moved/multi.txt") },
      { path: join(cwd, "new.txt"), kind: "add", move_path: undefined },
      { path: join(cwd, "old.txt"), kind: "delete", move_path: undefined },
    ]);
    expect(preview.changes[0]?.unified_diff).toBe("@@ -1,4 +1,4 @@\n foo\n-bar\n+BAR\n baz\n-qux\n+QUX\n");
    expect(preview.changes[0]?.new_content).toBe("foo\nBAR\nbaz\nQUX\n");
    expect(preview.changes[1]?.unified_diff).toBe("@@ -0,0 +1 @@\n+hello\n");
    expect(preview.changes[2]?.old_content).toBe("gone\n");
    expect(preview.unified_diff).toBe(
      [
        "diff --git a/multi.txt b/moved/multi.txt",
        "rename from multi.txt",
        "rename to moved/multi.txt",
        "--- a/multi.txt",
        "+++ b/moved/multi.txt",
        "@@ -1,4 +1,4 @@",
        " foo",
        "-bar",
        "+BAR",
        " baz",
        "-qux",
        "+QUX",
        "diff --git a/new.txt b/new.txt",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/new.txt",
        "@@ -0,0 +1 @@",
        "+hello",
        "diff --git a/old.txt b/old.txt",
        "deleted file mode 100644",
        "--- a/old.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-gone",
        "",
      ].join("\n"),
    );
    expect(existsSync(join(cwd, "moved"))).toBe(false);
    expect(existsSync(join(cwd, "new.txt"))).toBe(false);
    expect(readFileSync(join(cwd, "old.txt"), "utf8")).toBe("gone\n");
  });

  test("later hunks see earlier ones (add then update the same file)", async () => {
    const cwd = tempDir();
    const preview = await previewPatch(
      wrap("*** Add File: a.txt\n+one\n*** Update File: a.txt\n@@\n-one\n+two"),
      {
        cwd,
      },
    );
    expect(preview.changes.map((change) => change.kind)).toEqual(["add", "update"]);
    expect(preview.changes[1]?.new_content).toBe("two\n");
    expect(existsSync(join(cwd, "a.txt"))).toBe(false);
  });

  test("fails as apply would", async () => {
    const cwd = tempDir();
    await expect(previewPatch(wrap("*** Update File: missing.txt\n@@\n-a\n+b"), { cwd })).rejects.toThrow(
      `Failed to read file to update ${cwd}/missing.txt: No such file or directory (os error 2)`,
    );
    await expect(previewPatch(wrap("*** Delete File: nope"), { cwd })).rejects.toThrow(
      `Failed to delete file ${cwd}/nope`,
    );
  });
});
