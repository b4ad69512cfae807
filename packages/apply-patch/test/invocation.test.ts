import { describe, expect, test } from "bun:test";
import { type ApplyPatchInvocation, detectApplyPatchInvocation, extractHeredocCall } from "../src/index.ts";

const PATCH = "*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch";
const heredoc = (prefix: string, suffix = "") => `${prefix}apply_patch <<'PATCH'\n${PATCH}\nPATCH${suffix}`;
const detect = (argv: string[]) => detectApplyPatchInvocation(argv, { cwd: "/work" });

function expectPatch(result: ApplyPatchInvocation, workdir: string | null, cwd = "/work") {
  expect(result.type).toBe("patch");
  if (result.type !== "patch") return;
  expect(result.workdir).toBe(workdir);
  expect(result.cwd).toBe(cwd);
  expect(result.patch).toBe(PATCH);
  expect(result.parsed.hunks).toEqual([{ type: "add", path: "foo", contents: "hi\n" }]);
}

describe("detectApplyPatchInvocation", () => {
  test("direct argv forms", () => {
    expectPatch(detect(["apply_patch", `${PATCH}\n`]), null);
    expectPatch(detect(["applypatch", PATCH]), null);
    expectPatch(detect(["apply_patch", `<<'EOF'\n${PATCH}\nEOF\n`]), null);
  });

  test("bash -lc heredoc, with and without cd", () => {
    expectPatch(detect(["bash", "-lc", heredoc("")]), null);
    expectPatch(detect(["bash", "-c", `${heredoc("")}\n`]), null);
    expectPatch(detect(["/bin/zsh", "-lc", heredoc("")]), null);
    expectPatch(detect(["bash", "-lc", heredoc("cd foo && ")]), "foo", "/work/foo");
    expectPatch(detect(["bash", "-lc", heredoc("cd /abs/dir && ")]), "/abs/dir", "/abs/dir");
    expectPatch(detect(["bash", "-lc", heredoc("cd 'foo bar' && ")]), "foo bar", "/work/foo bar");
    expectPatch(detect(["bash", "-lc", heredoc('cd "foo bar" && ')]), "foo bar", "/work/foo bar");
    expectPatch(detect(["bash", "-lc", `applypatch <<EOF\n${PATCH}\nEOF`]), null);
    expectPatch(detect(["bash", "-lc", `apply_patch <<"EOF"\n${PATCH}\nEOF\n`]), null);
  });

  test("PowerShell and cmd forms", () => {
    expectPatch(detect(["pwsh", "-NoProfile", "-Command", heredoc("")]), null);
    expectPatch(detect(["powershell.exe", "-Command", heredoc("")]), null);
    expectPatch(detect(["cmd.exe", "/c", heredoc("cd foo && ")]), "foo", "/work/foo");
  });

  test("other scripts are not apply_patch", () => {
    for (const script of [
      heredoc("cd foo; "),
      heredoc("cd bar || "),
      heredoc("cd bar | "),
      heredoc("echo foo && "),
      heredoc("cd foo && cd bar && "),
      heredoc("cd foo bar && "),
      heredoc("cd bar && ", " && echo done"),
      heredoc("echo foo; cd bar && "),
      `apply_patch foo <<'PATCH'\n${PATCH}\nPATCH`,
      "ls -la",
    ]) {
      expect(detect(["bash", "-lc", script]).type).toBe("not_apply_patch");
    }
    expect(detect(["ls", "-la"]).type).toBe("not_apply_patch");
    expect(detect(["python", "-c", heredoc("")]).type).toBe("not_apply_patch");
  });

  test("a bare patch body is an implicit invocation", () => {
    expect(detect([PATCH])).toEqual({
      type: "implicit",
      message: 'patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]',
    });
    expect(detect(["bash", "-lc", PATCH]).type).toBe("implicit");
  });

  test("an apply_patch call with a bad patch reports the parse error", () => {
    const result = detect(["apply_patch", "*** Begin Patch\n*** Frob\n*** End Patch"]);
    expect(result.type).toBe("parse_error");
    if (result.type === "parse_error") expect(result.error.message).toContain("is not a valid hunk header");
  });

  test("extractHeredocCall trims trailing newlines of the body", () => {
    expect(extractHeredocCall("apply_patch <<'EOF'\nbody\n\n\nEOF\n")).toEqual({
      body: "body",
      workdir: null,
    });
    expect(extractHeredocCall("apply_patch <<'EOF'\nbody\n")).toBeNull();
  });
});
