import { describe, expect, test } from "bun:test";
import { parsePatch, parsePatchStreaming, StreamingPatchParser } from "../src/index.ts";

const PATCH = `*** Begin Patch
*** Add File: docs/release-notes.md
+# Release notes
+
+## CLI
*** Update File: src/config.rs
@@ impl Config
-    pub apply_patch_progress: bool,
+    pub stream_apply_patch_progress: bool,
     pub include_diagnostics: bool,
@@ fn default_progress_interval()
-    Duration::from_millis(500)
+    Duration::from_millis(250)
*** Delete File: src/legacy_patch_progress.rs
*** Update File: crates/cli/src/main.rs
*** Move to: crates/cli/src/bin/codex.rs
@@ fn run()
-    let args = Args::parse();
+    let cli = Cli::parse();
*** Add File: tests/fixture.json
+{}
*** Update File: README.md
@@ Development workflow
 Build the Rust workspace before opening a pull request.
+When touching streamed tool calls, include parser coverage for partial input.
*** Delete File: docs/old.md
*** End Patch`;

describe("parsePatchStreaming", () => {
  test("parses text without an End marker", () => {
    expect(parsePatchStreaming("*** Begin Patch\n*** Add File: src/hello.txt\n+hello\n+wor").hunks).toEqual([
      { type: "add", path: "src/hello.txt", contents: "hello\nwor\n" },
    ]);
    expect(parsePatchStreaming("*** Begin Patch\n*** Delete File: gone.txt").hunks).toHaveLength(1);
    expect(() => parsePatch("*** Begin Patch\n*** Delete File: gone.txt", { mode: "strict" })).toThrow();
  });

  test("hunk count never decreases, fed one character at a time", () => {
    const seen: number[] = [];
    let max = 0;
    for (let i = 1; i <= PATCH.length; i++) {
      let count: number;
      try {
        count = parsePatchStreaming(PATCH.slice(0, i)).hunks.length;
      } catch {
        continue;
      }
      expect(count).toBeGreaterThanOrEqual(max);
      if (count > max) {
        seen.push(count);
        max = count;
      }
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parsePatchStreaming(PATCH)).toEqual(parsePatch(PATCH));
  });
});

describe("StreamingPatchParser", () => {
  test("fed in small pieces, ends with the same hunks as a full parse", () => {
    const parser = new StreamingPatchParser();
    let max = 0;
    for (let i = 0; i < PATCH.length; i += 3) {
      const progress = parser.push(PATCH.slice(i, i + 3));
      expect(progress.hunks.length).toBeGreaterThanOrEqual(max);
      max = progress.hunks.length;
    }
    expect(parser.progress.done).toBe(true);
    expect(parser.progress.hunks).toEqual(parsePatch(PATCH).hunks);
    expect(
      parser.progress.files.map((file) => `${file.kind} ${file.path} ${file.move_path ?? ""}`.trim()),
    ).toEqual([
      "add docs/release-notes.md",
      "update src/config.rs",
      "delete src/legacy_patch_progress.rs",
      "update crates/cli/src/main.rs crates/cli/src/bin/codex.rs",
      "add tests/fixture.json",
      "update README.md",
      "delete docs/old.md",
    ]);
  });

  test("shows the file being written before its hunk is complete", () => {
    const parser = new StreamingPatchParser();
    parser.push("*** Begin Patch\n*** Add File: a.txt\n+one\n");
    expect(parser.progress.files).toEqual([{ path: "a.txt", kind: "add" }]);
    parser.push("*** Update File: b.txt\n@@\n-x\n+y\n*** Del");
    expect(parser.progress.files.map((file) => file.path)).toEqual(["a.txt", "b.txt"]);
    expect(parser.progress.done).toBe(false);
  });

  test("accepts a heredoc opener and leading blank lines; rejects other text", () => {
    const parser = new StreamingPatchParser();
    parser.push("\n<<'EOF'\n*** Begin Patch\n*** Delete File: x\n");
    expect(parser.progress.files).toEqual([{ path: "x", kind: "delete" }]);
    const other = new StreamingPatchParser();
    expect(other.push("hello\n*** Begin Patch\n*** Delete File: x\n").hunks).toEqual([]);
  });

  // Speed (no re-parsing of the whole text on every push): bench/in-process.ts.
  test("a large patch streamed in 8-byte pieces yields every hunk", () => {
    let text = "*** Begin Patch\n";
    for (let i = 0; i < 1000; i++) text += `*** Update File: f${i}.txt\n@@\n-a\n+b\n`;
    text += "*** End Patch\n";
    const parser = new StreamingPatchParser();
    for (let i = 0; i < text.length; i += 8) parser.push(text.slice(i, i + 8));
    expect(parser.progress.hunks).toHaveLength(1000);
  });
});
