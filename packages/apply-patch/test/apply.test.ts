import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ApplyPatchError, applyChunks, applyPatch, parsePatch } from "../src/index.ts";
import { tempDir } from "./helpers.ts";

const wrap = (body: string) => `*** Begin Patch\n${body}\n*** End Patch`;

/** Applies an Update File body to `contents` in memory. */
function update(contents: string, body: string): string {
  const [hunk] = parsePatch(wrap(`*** Update File: f.txt\n${body}`)).hunks;
  if (hunk?.type !== "update") throw new Error("not an update");
  return applyChunks(contents, hunk.chunks, "f.txt");
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ApplyPatchError) return error.message;
    throw error;
  }
  throw new Error("expected ApplyPatchError");
}

describe("matching", () => {
  test("exact, then ignoring trailing whitespace, then ignoring surrounding whitespace", () => {
    expect(update("foo   \nbar\t\n", "@@\n-foo\n bar\n+baz")).toBe("bar\t\nbaz\n");
    expect(update("    foo   \n   bar\t\n", "@@\n-foo\n-bar\n+x")).toBe("x\n");
  });

  test("Unicode dashes, quotes and non-breaking spaces fold to ASCII", () => {
    const original = "import asyncio  # local import \u2013 avoids top\u2011level dep\n";
    expect(
      update(
        original,
        "@@\n-import asyncio  # local import - avoids top-level dep\n+import asyncio  # HELLO",
      ),
    ).toBe("import asyncio  # HELLO\n");
    expect(
      update("say \u201Chi\u201D and \u2018bye\u2019\u00A0now\n", `@@\n-say "hi" and 'bye' now\n+ok`),
    ).toBe("ok\n");
  });

  test("context lines matched leniently keep the file's bytes; only + lines take the patch's text", () => {
    // Trailing whitespace, surrounding whitespace and Unicode punctuation on context lines survive.
    expect(
      update("a  \n  b\u2013c\n\u201Cq\u201D\u00A0x\nold\nend\t\n", '@@\n a\n b-c\n "q" x\n-old\n+new\n end'),
    ).toBe("a  \n  b\u2013c\n\u201Cq\u201D\u00A0x\nnew\nend\t\n");
    // A line removed and added again is the patch's to rewrite (as in Codex 0.169).
    expect(update("foo  \nbar\n", "@@\n-foo\n+foo\n bar\n+x")).toBe("foo\nbar\nx\n");
    // CRLF files keep CRLF on context and new lines alike.
    expect(update("a \r\nold\r\n", "@@\n a\n-old\n+new")).toBe("a \r\nnew\r\n");
    // The trailing empty context line that stands for the final newline is dropped, as before.
    expect(update("a \nb\n", "@@\n a\n-b\n+B\n")).toBe("a \nB\n");
  });

  test("an exact match is preferred over an earlier fuzzy one", () => {
    expect(update("a \nb\na\nb\n", "@@\n-a\n+A")).toBe("a \nb\nA\nb\n");
  });

  test("@@ context lines move the cursor, so later chunks match after them", () => {
    const file = "class A:\n  def f():\n    pass\nclass B:\n  def f():\n    pass\n";
    expect(update(file, "@@ class B:\n   def f():\n-    pass\n+    return 1")).toBe(
      "class A:\n  def f():\n    pass\nclass B:\n  def f():\n    return 1\n",
    );
  });

  test("multiple chunks apply in order; a later chunk's search starts after the earlier match", () => {
    expect(
      update("a\nb\nc\nd\ne\nf\n", "@@\n a\n-b\n+B\n@@\n c\n d\n-e\n+E\n@@\n f\n+g\n*** End of File"),
    ).toBe("a\nB\nc\nd\nE\nf\ng\n");
    expect(failure(() => update("a\nb\nc\n", "@@ a\n-a\n+A"))).toBe(
      "Failed to find expected lines in f.txt:\na",
    );
  });

  test("*** End of File anchors the match to the end of the file (no fallback)", () => {
    expect(update("x\ny\nx\n", "@@\n-x\n+X\n*** End of File")).toBe("x\ny\nX\n");
    expect(failure(() => update("a\nb\nc\n", "@@\n-a\n+A\n*** End of File"))).toBe(
      "Failed to find expected lines in f.txt:\na",
    );
  });

  test("a trailing empty old line stands for the final newline and is retried without", () => {
    expect(update("foo\nbar\n", "@@\n foo\n-bar\n+BAR\n")).toBe("foo\nBAR\n");
    expect(update("a\nb", "@@\n-b\n+c\n")).toBe("a\nc\n");
  });

  // Codex 0.169's results (0.47 put a pure addition before a final blank line, and dropped that
  // blank line from every file it patched).
  test("a pure addition goes at the very end of the file, after a final blank line", () => {
    expect(update("a\nb\n", "@@\n+c\n+d")).toBe("a\nb\nc\nd\n");
    expect(update("a\nb\nc\n\n", "@@\n+z")).toBe("a\nb\nc\n\nz\n");
    expect(update("", "@@\n+first")).toBe("first\n");
    expect(
      update(
        "line1\nline2\nline3\n",
        "@@\n+after-context\n+second-line\n@@\n line1\n-line2\n-line3\n+line2-replacement",
      ),
    ).toBe("line1\nline2-replacement\nafter-context\nsecond-line\n");
  });

  test("a file's final blank lines stay when it is patched elsewhere", () => {
    expect(update("a\n\n", "@@\n-a\n+A")).toBe("A\n\n");
    expect(update("a\nb\n\n\n", "@@\n-b\n+B")).toBe("a\nB\n\n\n");
    expect(update("a\n", "@@\n a\n+")).toBe("a\n\n");
    expect(update("a\r\nb\r\n\r\n", "@@\n-a\n+A")).toBe("A\r\nb\r\n\r\n");
  });

  test("lines two chunks add at one place come in patch order", () => {
    // The first chunk adds at the end of the file; the second adds after the last line.
    expect(update("x\ny\na\n", "@@\n+q\n@@\n a\n+z")).toBe("x\ny\na\nq\nz\n");
    expect(update("x\ny\na\n", "@@\n+q\n@@\n x\n+z")).toBe("x\nz\ny\na\nq\n");
  });

  test("an End of File chunk is not looked for above its @@ context", () => {
    expect(failure(() => update("a\nb\n", "@@ b\n-a\n+A\n*** End of File"))).toBe(
      "Failed to find expected lines in f.txt:\na",
    );
    expect(update("a\nb\na\n", "@@ b\n-a\n+A\n*** End of File")).toBe("a\nb\nA\n");
  });

  test("the result always ends with a newline", () => {
    expect(update("no newline at end", "@@\n-no newline at end\n+first line\n+second line")).toBe(
      "first line\nsecond line\n",
    );
  });

  test("missing context line is reported", () => {
    expect(failure(() => update("a\n", "@@ nothere\n-a\n+A"))).toBe(
      "Failed to find context 'nothere' in f.txt",
    );
    expect(failure(() => update("a\n", "@@\n-x\n-y\n+z"))).toBe(
      "Failed to find expected lines in f.txt:\nx\ny",
    );
  });

  test("CRLF files keep CRLF endings", () => {
    expect(update("a\r\nb\r\nc\r\n", "@@\n a\n-b\n+B\n@@\n c\n+d\n*** End of File")).toBe(
      "a\r\nB\r\nc\r\nd\r\n",
    );
    // A lone "\r" ends a line too (0.169), and here it is the file's first ending.
    expect(update("foo\r\r\nbar\r\n", "@@\n+BAZ\n*** End of File")).toBe("foo\r\r\nbar\r\nBAZ\r");
  });

  test("lines end at CRLF, LF or a lone CR; a line's own CR is never part of it", () => {
    // Found exactly on the third line, not loosely on the second ("b \r" trimmed).
    expect(update("a\nb \r\nb\r\n", "@@\n-b\n+B")).toBe("a\nb \r\nB\n");
    expect(update("a\nb\rc\n", "@@\n-b\n+B")).toBe("a\nB\nc\n");
    expect(update("a\r\nb\r", "@@\n-a\n+A")).toBe("A\r\nb\r");
    expect(update("b\r", "@@\n+A")).toBe("b\rA\r");
  });

  // Codex 0.169's results: the first line's ending is the file's; unchanged lines keep theirs.
  test("a file with mixed endings: the first line's ending is used for new lines", () => {
    expect(update("x\r\ny\n", "@@\n-y\n+Y")).toBe("x\r\nY\r\n");
    expect(update("x\r\ny\nz\n", "@@\n-y\n+Y")).toBe("x\r\nY\r\nz\n");
    expect(update("x\ny\r\n", "@@\n-y\n+Y")).toBe("x\nY\n");
    expect(update("q\nx\r\ny\r\nz\r\n", "@@\n-y\n+Y")).toBe("q\nx\r\nY\nz\r\n");
    expect(update("y\r\nx\n", "@@\n-y\n+Y")).toBe("Y\r\nx\n");
  });

  // Speed of this case: bench/apply-patch.ts.
  test("200 chunks over 20,000 lines each land where their context is", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    let body = "";
    for (let i = 0; i < 200; i++) body += `@@\n line ${i * 100}\n-line ${i * 100 + 1}\n+changed ${i}\n`;
    const result = update(`${lines.join("\n")}\n`, body.trimEnd()).split("\n");
    expect(result[101]).toBe("changed 1");
    expect(result[19_901]).toBe("changed 199");
    expect(result.filter((line) => line.startsWith("changed ")).length).toBe(200);
  });
});

describe("applyPatch on disk", () => {
  test("adds, updates, moves into new directories and deletes; summary lists A, M, D", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "d.txt"), "d\n");
    writeFileSync(join(dir, "c.txt"), "c\n");
    const affected = await applyPatch(
      wrap(
        "*** Update File: d.txt\n*** Move to: e/f/g.txt\n@@\n-d\n+D\n*** Delete File: c.txt\n*** Add File: new/h.txt\n+h",
      ),
      { cwd: dir },
    );
    expect(affected).toEqual({ added: ["new/h.txt"], modified: ["e/f/g.txt"], deleted: ["c.txt"] });
    expect(readFileSync(join(dir, "e/f/g.txt"), "utf8")).toBe("D\n");
    expect(readFileSync(join(dir, "new/h.txt"), "utf8")).toBe("h\n");
    expect(existsSync(join(dir, "d.txt"))).toBe(false);
    expect(existsSync(join(dir, "c.txt"))).toBe(false);
  });

  test("absolute paths are used as given", async () => {
    const dir = tempDir();
    const file = join(dir, "abs.txt");
    await applyPatch(wrap(`*** Add File: ${file}\n+x`), { cwd: "/" });
    expect(readFileSync(file, "utf8")).toBe("x\n");
  });

  test("a move onto the same path keeps the file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "u.txt"), "a\n");
    await applyPatch(wrap("*** Update File: u.txt\n*** Move to: u.txt\n@@\n-a\n+b"), { cwd: dir });
    expect(readFileSync(join(dir, "u.txt"), "utf8")).toBe("b\n");
  });

  test("errors are worded as the reference's", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "dir"));
    writeFileSync(join(dir, "f.txt"), "x\n");
    const message = async (patch: string) => {
      try {
        await applyPatch(patch, { cwd: dir });
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    };
    // Files are named by absolute path, as Codex 0.169 names them.
    expect(await message(wrap("*** Delete File: dir"))).toBe(`Failed to delete file ${dir}/dir`);
    expect(await message(wrap("*** Delete File: ./missing.txt"))).toBe(
      `Failed to delete file ${dir}/missing.txt`,
    );
    expect(await message(wrap("*** Update File: zz.txt\n@@\n-a"))).toBe(
      `Failed to read file to update ${dir}/zz.txt: No such file or directory (os error 2)`,
    );
    // A parent that cannot be created (a file is in its place) fails the write.
    expect(await message(wrap("*** Add File: f.txt/sub\n+x"))).toBe(`Failed to write file ${dir}/f.txt/sub`);
    expect(await message("*** Begin Patch\n*** End Patch")).toBe("No files were modified.");
  });

  test("no rollback: changes before a failing hunk stay; a failing update writes nothing", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "g.txt"), "g\n");
    await expect(
      applyPatch(wrap("*** Add File: created.txt\n+hello\n*** Update File: g.txt\n-g\n+G\n@@\n-zz"), {
        cwd: dir,
      }),
    ).rejects.toThrow(`Failed to find expected lines in ${dir}/g.txt:\nzz`);
    expect(readFileSync(join(dir, "created.txt"), "utf8")).toBe("hello\n");
    expect(readFileSync(join(dir, "g.txt"), "utf8")).toBe("g\n");
  });

  test("invalid UTF-8 in a file to update is reported where it breaks, in Rust's words", async () => {
    const dir = tempDir();
    const cases: [number[], string][] = [
      [[0xff, 0xfe, 0x0a], "invalid utf-8 sequence of 1 bytes from index 0"],
      [[0x61, 0x62, 0xc3, 0x28], "invalid utf-8 sequence of 1 bytes from index 2"],
      [[0x61, 0xe2, 0x82, 0x28], "invalid utf-8 sequence of 2 bytes from index 1"],
      [[0xf0, 0x9f, 0x98, 0x41], "invalid utf-8 sequence of 3 bytes from index 0"],
      [[0xed, 0xa0, 0x80], "invalid utf-8 sequence of 1 bytes from index 0"],
      [[0x61, 0xe2, 0x82], "incomplete utf-8 byte sequence from index 1"],
      [[0x61, 0xf0], "incomplete utf-8 byte sequence from index 1"],
    ];
    for (const [bytes, reason] of cases) {
      writeFileSync(join(dir, "bin"), Buffer.from(bytes));
      await expect(applyPatch(wrap("*** Update File: bin\n@@\n+x"), { cwd: dir })).rejects.toThrow(
        `Failed to read file to update ${dir}/bin: ${reason}`,
      );
    }
  });
});
