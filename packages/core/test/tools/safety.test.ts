import { describe, expect, test } from "bun:test";
import type { AskForApproval, SandboxPolicy } from "@codex/protocol";
import {
  assessCommandSafety,
  assessPatchSafety,
  REJECT_DANGEROUS,
  REJECT_NOT_TRUSTED,
  REJECT_PATCH_OUTSIDE,
} from "../../src/tools/safety/assess.ts";
import { commandMightBeDangerous } from "../../src/tools/safety/dangerous-commands.ts";
import { isKnownSafeCommand } from "../../src/tools/safety/safe-commands.ts";
import { parsePlainCommands } from "../../src/tools/safety/shell-parse.ts";

const bash = (script: string) => ["bash", "-lc", script];

describe("plain shell script parsing", () => {
  test.each([
    ["ls -1", [["ls", "-1"]]],
    ["ls && pwd; echo 'hi there' | wc -l", [["ls"], ["pwd"], ["echo", "hi there"], ["wc", "-l"]]],
    ['echo "hello world"', [["echo", "hello world"]]],
    ["echo 123 456", [["echo", "123", "456"]]],
    ["git status || true", [["git", "status"], ["true"]]],
    ["ls\npwd\n", [["ls"], ["pwd"]]],
    ["echo --flag='a b'", [["echo", "--flag=a b"]]],
    ["ls *.ts", [["ls", "*.ts"]]],
  ])("plain: %p", (script, expected) => {
    expect(parsePlainCommands(script)).toEqual(expected);
  });

  test.each([
    "(ls)",
    "ls || (pwd && echo hi)",
    "ls > out.txt",
    "cat < in",
    "echo $HOME",
    'echo "$HOME"',
    "echo `whoami`",
    "echo $(whoami)",
    "ls &",
    "FOO=bar ls",
    "ls &&",
    "| ls",
    "echo 'unterminated",
    "cat <<EOF\nx\nEOF",
    "ls # comment",
    "echo {a,b}",
    "ls \\; rm",
    "ls &> f",
  ])("not plain: %p", (script) => {
    expect(parsePlainCommands(script)).toBeNull();
  });
});

describe("known-safe commands", () => {
  test.each([
    ["ls"],
    ["ls", "-la"],
    ["cat", "README.md"],
    ["git", "status"],
    ["git", "log", "-n", "1"],
    ["git", "-C", ".", "branch", "--show-current"],
    ["git", "branch"],
    ["nl", "-nrz", "Cargo.toml"],
    ["sed", "-n", "1,5p", "file.txt"],
    ["sed", "-n", "10p", "file.txt"],
    ["find", ".", "-name", "file.txt"],
    ["rg", "Cargo.toml", "-n"],
    ["/bin/ls"],
    ["true"],
    ["false"],
    bash("ls && pwd"),
    bash("cat a.txt | wc -l"),
    bash("echo 'x' ; git diff"),
    ["zsh", "-lc", "ls"],
  ])("safe: %p", (...argv) => {
    expect(isKnownSafeCommand(argv)).toBe(true);
  });

  test.each([
    ["foo"],
    ["git", "fetch"],
    ["git", "checkout", "status"],
    ["git", "branch", "-d", "feature"],
    ["git", "branch", "new-branch"],
    ["git", "-c", "core.pager=cat", "log"],
    ["git", "log", "--output=/tmp/x"],
    ["git", "diff", "--ext-diff"],
    ["sed", "-n", "xp", "file.txt"],
    ["sed", "-i", "s/a/b/", "file.txt"],
    ["find", ".", "-name", "x", "-exec", "rm", "{}", ";"],
    ["find", ".", "-delete"],
    ["find", ".", "-fprint", "/etc/passwd"],
    ["rg", "--pre", "pwned", "files"],
    ["rg", "--pre=pwned", "files"],
    ["rg", "-z", "files"],
    ["rg", "--hostname-bin=x", "files"],
    ["cargo", "check"],
    ["python3", "-c", "print(1)"],
    bash("ls > out.txt"),
    bash("ls && rm -rf /"),
    bash("echo $(rm x)"),
    bash("git -C . branch -d feature"),
    bash(""),
  ])("not safe: %p", (...argv) => {
    expect(isKnownSafeCommand(argv)).toBe(false);
  });
});

describe("dangerous commands", () => {
  test.each([
    ["git", "reset", "--hard"],
    ["git", "rm", "x"],
    ["git", "-C", "repo", "reset"],
    ["rm", "-f", "x"],
    ["rm", "-rf", "build"],
    ["rm", "-fr", "build"],
    ["rm", "--force", "x"],
    ["sudo", "rm", "-rf", "/"],
    ["sudo", "git", "reset"],
    bash("ls && rm -rf build"),
  ])("dangerous: %p", (...argv) => {
    expect(commandMightBeDangerous(argv)).toBe(true);
  });

  test.each([["rm", "x"], ["git", "status"], ["sudo", "ls"], ["rm", "--", "-f"], bash("echo rm -rf")])(
    "not dangerous: %p",
    (...argv) => {
      expect(commandMightBeDangerous(argv)).toBe(false);
    },
  );
});

const readOnly: SandboxPolicy = { mode: "read-only" };
const workspace: SandboxPolicy = {
  mode: "workspace-write",
  writable_roots: [],
  network_access: false,
  exclude_tmpdir_env_var: false,
  exclude_slash_tmp: false,
};
const full: SandboxPolicy = { mode: "danger-full-access" };
const untrusted = ["python3", "build.py"];

describe("assessCommandSafety matrix (Codex 0.47)", () => {
  type Row = [AskForApproval, SandboxPolicy, boolean, boolean, string];
  // policy, sandbox policy, escalated, sandbox available, expected
  const rows: Row[] = [
    ["untrusted", workspace, false, true, "ask_user"],
    ["untrusted", full, false, true, "ask_user"],
    ["on-failure", full, false, false, "auto"],
    ["on-request", full, true, false, "auto"],
    ["never", full, false, false, "auto"],
    ["on-request", readOnly, false, true, "auto"],
    ["on-request", workspace, false, true, "auto"],
    ["on-request", workspace, true, true, "ask_user"],
    ["on-request", workspace, false, false, "ask_user"],
    ["on-failure", workspace, false, true, "auto"],
    ["on-failure", readOnly, true, true, "auto"],
    ["on-failure", workspace, false, false, "ask_user"],
    ["never", workspace, false, true, "auto"],
    ["never", readOnly, false, false, `reject:${REJECT_NOT_TRUSTED}`],
  ];
  test.each(rows)(
    "%s / %o / escalated=%p / sandbox=%p → %s",
    (approvalPolicy, sandboxPolicy, esc, avail, want) => {
      const check = assessCommandSafety({
        command: untrusted,
        approvalPolicy,
        sandboxPolicy,
        approvedForSession: false,
        withEscalatedPermissions: esc,
        sandboxAvailable: avail,
      });
      const got =
        check.type === "auto_approve"
          ? "auto"
          : check.type === "reject"
            ? `reject:${check.reason}`
            : check.type;
      expect(got).toBe(want);
    },
  );

  const base = { sandboxPolicy: workspace, withEscalatedPermissions: false, sandboxAvailable: true };
  test("known-safe commands run without asking, except under untrusted (asked there, as 0.169)", () => {
    const check = (approvalPolicy: "untrusted" | "on-request" | "on-failure" | "never") =>
      assessCommandSafety({ ...base, command: bash("ls && pwd"), approvalPolicy, approvedForSession: false });
    expect(check("untrusted")).toEqual({ type: "ask_user" });
    expect(check("on-request")).toEqual({ type: "auto_approve" });
    expect(check("on-failure")).toEqual({ type: "auto_approve" });
    expect(check("never")).toEqual({ type: "auto_approve" });
  });
  test("approved for session runs without asking", () => {
    const check = assessCommandSafety({
      ...base,
      command: untrusted,
      approvalPolicy: "untrusted",
      approvedForSession: true,
    });
    expect(check).toEqual({ type: "auto_approve" });
  });
  test("dangerous commands ask, or are rejected under never, even with full access", () => {
    const dangerous = ["git", "reset", "--hard"];
    expect(
      assessCommandSafety({
        ...base,
        command: dangerous,
        approvalPolicy: "on-request",
        approvedForSession: false,
      }).type,
    ).toBe("ask_user");
    expect(
      assessCommandSafety({
        ...base,
        sandboxPolicy: full,
        command: dangerous,
        approvalPolicy: "never",
        approvedForSession: false,
      }),
    ).toEqual({ type: "reject", reason: REJECT_DANGEROUS });
    expect(
      assessCommandSafety({ ...base, command: dangerous, approvalPolicy: "never", approvedForSession: true })
        .type,
    ).toBe("auto_approve");
  });
});

describe("assessPatchSafety", () => {
  const base = { empty: false, sandboxAvailable: true };
  test("untrusted always asks", () => {
    expect(
      assessPatchSafety({
        ...base,
        approvalPolicy: "untrusted",
        sandboxPolicy: workspace,
        constrainedToWritableRoots: true,
      }).type,
    ).toBe("ask_user");
  });
  test("inside writable roots with a sandbox: auto", () => {
    expect(
      assessPatchSafety({
        ...base,
        approvalPolicy: "on-request",
        sandboxPolicy: workspace,
        constrainedToWritableRoots: true,
      }),
    ).toEqual({ type: "auto_approve" });
  });
  test("inside writable roots without a sandbox: ask, unless full access", () => {
    const noBox = { ...base, sandboxAvailable: false, constrainedToWritableRoots: true };
    expect(assessPatchSafety({ ...noBox, approvalPolicy: "on-request", sandboxPolicy: workspace }).type).toBe(
      "ask_user",
    );
    expect(assessPatchSafety({ ...noBox, approvalPolicy: "never", sandboxPolicy: full })).toEqual({
      type: "auto_approve",
    });
  });
  test("outside writable roots: ask, or reject under never", () => {
    const out = { ...base, constrainedToWritableRoots: false };
    expect(assessPatchSafety({ ...out, approvalPolicy: "on-request", sandboxPolicy: workspace }).type).toBe(
      "ask_user",
    );
    expect(assessPatchSafety({ ...out, approvalPolicy: "never", sandboxPolicy: readOnly })).toEqual({
      type: "reject",
      reason: REJECT_PATCH_OUTSIDE,
    });
  });
  test("empty patch is rejected", () => {
    expect(
      assessPatchSafety({
        ...base,
        empty: true,
        approvalPolicy: "never",
        sandboxPolicy: full,
        constrainedToWritableRoots: true,
      }).type,
    ).toBe("reject");
  });
});
