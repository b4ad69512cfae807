import { describe, expect, test } from "bun:test";
import { InvalidHunkError, InvalidPatchError, parsePatch } from "../src/index.ts";

const wrap = (body: string) => `*** Begin Patch\n${body}\n*** End Patch`;

function parseError(text: string): { name: string; message: string; line?: number } {
  try {
    parsePatch(text);
  } catch (error) {
    if (error instanceof InvalidHunkError)
      return { name: error.name, message: error.message, line: error.lineNumber };
    if (error instanceof InvalidPatchError) return { name: error.name, message: error.message };
    throw error;
  }
  throw new Error("expected a parse error");
}

describe("parsePatch", () => {
  test("parses add, delete and update with move and context", () => {
    const parsed = parsePatch(
      wrap(
        "*** Add File: path/add.py\n+abc\n+def\n*** Delete File: path/delete.py\n*** Update File: path/update.py\n*** Move to: path/update2.py\n@@ def f():\n-    pass\n+    return 123",
      ),
    );
    expect(parsed.hunks).toEqual([
      { type: "add", path: "path/add.py", contents: "abc\ndef\n" },
      { type: "delete", path: "path/delete.py" },
      {
        type: "update",
        path: "path/update.py",
        movePath: "path/update2.py",
        chunks: [
          {
            changeContext: "def f():",
            oldLines: ["    pass"],
            newLines: ["    return 123"],
            contextOrigins: [null],
            isEndOfFile: false,
          },
        ],
      },
    ]);
  });

  test("an empty Add File makes an empty file", () => {
    expect(parsePatch(wrap("*** Add File: empty.txt")).hunks).toEqual([
      { type: "add", path: "empty.txt", contents: "" },
    ]);
  });

  test("the first chunk may omit @@; a blank line inside a chunk is an empty context line", () => {
    const [hunk] = parsePatch(wrap("*** Update File: f.py\n import foo\n\n+bar")).hunks;
    expect(hunk).toEqual({
      type: "update",
      path: "f.py",
      movePath: null,
      chunks: [
        {
          changeContext: null,
          oldLines: ["import foo", ""],
          newLines: ["import foo", "", "bar"],
          contextOrigins: [0, 1, null],
          isEndOfFile: false,
        },
      ],
    });
  });

  test("blank lines between chunks are skipped; *** End of File marks the chunk", () => {
    const [hunk] = parsePatch(
      wrap("*** Update File: f\n@@\n-a\n+A\n   \n@@ ctx\n-z\n+Z\n*** End of File"),
    ).hunks;
    expect(hunk?.type === "update" && hunk.chunks.map((c) => [c.changeContext, c.isEndOfFile])).toEqual([
      [null, false],
      ["ctx", true],
    ]);
  });

  // Codex 0.169's parse (0.47 skipped such lines, and the chunk could then match elsewhere).
  test("blank lines before the first chunk are its lines: a blank context line must match", () => {
    const [hunk] = parsePatch(wrap("*** Update File: f\n \n x\n-y\n+Y")).hunks;
    expect(hunk?.type === "update" && hunk.chunks.map((c) => [c.oldLines, c.newLines])).toEqual([
      [
        ["", "x", "y"],
        ["", "x", "Y"],
      ],
    ]);
    const [moved] = parsePatch(wrap("*** Update File: f\n*** Move to: g\n\n-y")).hunks;
    expect(moved?.type === "update" && moved.chunks[0]?.oldLines).toEqual(["", "y"]);
  });

  test("a chunk header's trailing whitespace is not part of it", () => {
    const [hunk] = parsePatch(wrap("*** Update File: f\n@@ def a  \n-x\n@@ \n-y\n@@  b\n-z")).hunks;
    expect(hunk?.type === "update" && hunk.chunks.map((c) => c.changeContext)).toEqual(["def a", null, " b"]);
  });

  test("a Move to destination and an End of File marker may carry trailing whitespace", () => {
    const [hunk] = parsePatch(
      wrap("*** Update File: f\n*** Move to: g.txt \n@@\n-x\n+y\n*** End of File  "),
    ).hunks;
    expect(hunk?.type === "update" && [hunk.movePath, hunk.chunks[0]?.isEndOfFile]).toEqual(["g.txt", true]);
  });

  test("an unexpected first line of a chunk is reported on its own line number", () => {
    expect(parseError(wrap("*** Update File: f\n\tx"))).toMatchObject({ line: 3 });
    expect(parseError(wrap("*** Update File: f\n@@\n\tx"))).toMatchObject({ line: 4 });
  });

  test('a "*" line that is not a hunk header is a chunk without @@', () => {
    expect(parseError(wrap("*** Update File: f\n@@\n-x\n*foo"))).toMatchObject({
      message: "Expected update hunk to start with a @@ context marker, got: '*foo'",
    });
  });

  test("trims the text and the marker and header lines", () => {
    const parsed = parsePatch("\n\n  *** Begin Patch  \n   *** Add File: a.txt   \n+x\n *** End Patch \n\n");
    expect(parsed.hunks).toEqual([{ type: "add", path: "a.txt", contents: "x\n" }]);
  });

  test("CRLF patch text is accepted", () => {
    const parsed = parsePatch("*** Begin Patch\r\n*** Update File: a\r\n@@\r\n-x\r\n+y\r\n*** End Patch\r\n");
    expect(parsed.hunks[0]).toMatchObject({ chunks: [{ oldLines: ["x"], newLines: ["y"] }] });
  });

  for (const opener of ["<<EOF", "<<'EOF'", '<<"EOF"']) {
    test(`strips a ${opener} heredoc wrapper`, () => {
      const body = "*** Begin Patch\n*** Add File: a\n+hi\n*** End Patch";
      const parsed = parsePatch(`${opener}\n${body}\nEOF\n`);
      expect(parsed.patch).toBe(body);
      expect(parsed.hunks).toEqual([{ type: "add", path: "a", contents: "hi\n" }]);
    });
  }

  test("a heredoc with mismatched quotes is rejected; strict mode rejects any heredoc", () => {
    const body = "*** Begin Patch\n*** Add File: a\n+hi\n*** End Patch";
    expect(parseError(`<<"EOF'\n${body}\nEOF\n`).message).toBe(
      "The first line of the patch must be '*** Begin Patch'",
    );
    expect(() => parsePatch(`<<EOF\n${body}\nEOF\n`, { mode: "strict" })).toThrow(InvalidPatchError);
  });

  test("a heredoc whose inner patch lacks End Patch reports the last line", () => {
    expect(parseError("<<EOF\n*** Begin Patch\n*** Update File: f\nEOF\n").message).toBe(
      "The last line of the patch must be '*** End Patch'",
    );
  });

  test("missing Begin or End markers", () => {
    expect(parseError("bad")).toEqual({
      name: "InvalidPatchError",
      message: "The first line of the patch must be '*** Begin Patch'",
    });
    expect(parseError("*** Begin Patch\nbad").message).toBe(
      "The last line of the patch must be '*** End Patch'",
    );
    expect(parseError("").message).toBe("The last line of the patch must be '*** End Patch'");
  });

  test("an empty patch parses to no hunks", () => {
    expect(parsePatch("*** Begin Patch\n*** End Patch").hunks).toEqual([]);
  });

  test("invalid hunk header, with its line number", () => {
    expect(parseError(wrap("*** Frobnicate File: foo"))).toEqual({
      name: "InvalidHunkError",
      message:
        "'*** Frobnicate File: foo' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
      line: 2,
    });
    expect(parseError(wrap("*** Add File: a\n+1\n\n*** Add File: b\n+2")).line).toBe(4);
  });

  test("empty update hunk", () => {
    expect(parseError(wrap("*** Update File: test.py"))).toMatchObject({
      message: "Update file hunk for path 'test.py' is empty",
      line: 2,
    });
  });

  test("chunk errors are worded as the reference's", () => {
    expect(parseError(wrap("*** Update File: g\n-g\n+G\nxx"))).toMatchObject({
      message: "Expected update hunk to start with a @@ context marker, got: 'xx'",
      line: 5,
    });
    expect(parseError(wrap("*** Update File: g\n@@\nxx"))).toMatchObject({
      message:
        "Unexpected line found in update hunk: 'xx'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
      line: 4,
    });
    expect(parseError(wrap("*** Update File: g\n@@\n*** End of File"))).toMatchObject({
      message: "Update hunk does not contain any lines",
      line: 4,
    });
    expect(parseError(wrap("*** Update File: g\n@@\n-a\n@@"))).toMatchObject({
      message: "Update hunk does not contain any lines",
      line: 6,
    });
  });
});
