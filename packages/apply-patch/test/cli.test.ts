import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ApplyPatchCliIo, runApplyPatchCli } from "../src/index.ts";
import { tempDir } from "./helpers.ts";

async function run(args: string[], io: ApplyPatchCliIo = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runApplyPatchCli(args, {
    cwd: io.cwd ?? tempDir(),
    readStdin: async () => "",
    ...io,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe("runApplyPatchCli", () => {
  test("prints the summary and exits 0", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "a.txt"), "hello\n");
    writeFileSync(join(cwd, "gone.txt"), "x\n");
    const result = await run(
      [
        "*** Begin Patch\n*** Delete File: gone.txt\n*** Update File: a.txt\n@@\n-hello\n+HELLO\n*** Add File: sub/b.txt\n+x\n*** End Patch",
      ],
      { cwd },
    );
    expect(result).toEqual({
      code: 0,
      stdout: "Success. Updated the following files:\nA sub/b.txt\nM a.txt\nD gone.txt\n",
      stderr: "",
    });
    expect(readFileSync(join(cwd, "a.txt"), "utf8")).toBe("HELLO\n");
  });

  test("parse errors go to stderr with exit 1", async () => {
    expect(await run(["bad"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "Invalid patch: The first line of the patch must be '*** Begin Patch'\n",
    });
    expect((await run(["*** Begin Patch\n*** Update File: a.txt\n*** End Patch"])).stderr).toBe(
      "Invalid patch hunk on line 2: Update file hunk for path 'a.txt' is empty\n",
    );
  });

  test("apply errors go to stderr with exit 1", async () => {
    expect(await run(["*** Begin Patch\n*** End Patch"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "No files were modified.\n",
    });
    const cwd = tempDir();
    expect((await run(["*** Begin Patch\n*** Delete File: nothere\n*** End Patch"], { cwd })).stderr).toBe(
      `Failed to delete file ${cwd}/nothere\n`,
    );
  });

  test("reads the patch from stdin when there is no argument", async () => {
    const cwd = tempDir();
    const result = await run([], {
      cwd,
      readStdin: async () => "*** Begin Patch\n*** Add File: c.txt\n+c\n*** End Patch\n",
    });
    expect(result).toEqual({
      code: 0,
      stdout: "Success. Updated the following files:\nA c.txt\n",
      stderr: "",
    });
  });

  test("usage on empty stdin (exit 2), and more than one argument is refused (exit 2)", async () => {
    expect(await run([])).toEqual({
      code: 2,
      stdout: "",
      stderr: "Usage: apply_patch 'PATCH'\n       echo 'PATCH' | apply-patch\n",
    });
    expect(await run(["a", "b"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "Error: apply_patch accepts exactly one argument.\n",
    });
  });

  test("as codex --codex-run-as-apply-patch, PATCH is required", async () => {
    expect(await run([], { entry: "codex-run-as-apply-patch" })).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error: --codex-run-as-apply-patch requires a UTF-8 PATCH argument.\n",
    });
  });

  test("accepts --preserve-crlf before the patch", async () => {
    const result = await run(["--preserve-crlf", "*** Begin Patch\n*** Add File: x\n+x\n*** End Patch"]);
    expect(result.code).toBe(0);
  });
});
