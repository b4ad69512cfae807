import { expect, test } from "bun:test";
import { startTui } from "./helpers/harness.ts";

test("exec approval modal: shows command and justification; y approves, then output streams in", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("clean the build\r");
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({
    type: "exec_approval_request",
    call_id: "call_7",
    command: ["bash", "-lc", "rm -rf build && npm run build"],
    cwd: "/work/demo",
    reason: "Rebuild from scratch to clear stale artifacts",
  });
  await h.settle();
  expect(h.term.screenText()).toMatchSnapshot();
  // Typing goes to the modal, not the composer.
  await h.type("y");
  expect(h.session.opsOf("exec_approval")).toEqual([
    { type: "exec_approval", call_id: "call_7", decision: "approved" },
  ]);
  expect(h.term.screenText()).not.toContain("Allow Codex to run");
  expect(h.term.screenText()).toContain("› Send a message to queue it");
  await h.type("\x1b");
  expect(h.session.opsOf("interrupt").length).toBe(1);
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("patch approval modal shows the diff; a approves for the session, n denies, Esc aborts", async () => {
  const h = await startTui({ rows: 30 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  const diff = "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# Demo\n+# Demo project\n";
  for (const id of ["p1", "p2", "p3"]) {
    h.session.emit({
      type: "apply_patch_approval_request",
      call_id: id,
      changes: [{ path: "README.md", kind: "update" }],
      unified_diff: diff,
      reason: null,
    });
  }
  await h.settle();
  const screen = h.term.screenText();
  expect(screen).toContain("Allow Codex to apply these changes?");
  expect(screen).toContain("+# Demo project");
  expect(screen).toContain("-# Demo");
  await h.type("a");
  await h.type("n");
  await h.type("\x1b");
  expect(h.session.opsOf("patch_approval").map((o) => [o.call_id, o.decision])).toEqual([
    ["p1", "approved_for_session"],
    ["p2", "denied"],
    ["p3", "abort"],
  ]);
  await h.type("\x03");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("every answer leaves a line in the history: approved, for the session, denied, canceled", async () => {
  const h = await startTui({ rows: 30 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  const commands = [
    ["bash", "-lc", "npm test"],
    ["git", "status"],
    ["bash", "-lc", "rm -rf build\necho done"],
    ["curl", "https://example.com"],
  ];
  for (const [i, command] of commands.entries()) {
    h.session.emit({
      type: "exec_approval_request",
      call_id: `c${i}`,
      command,
      cwd: "/work/demo",
      reason: null,
    });
  }
  await h.settle();
  for (const key of ["y", "a", "n", "\x1b"]) await h.type(key);
  const all = h.term.all().join("\n");
  expect(all).toContain("✔ You approved codex to run npm test this time");
  expect(all).toContain("✔ You approved codex to run git status every time this session");
  expect(all).toContain("✗ You did not approve codex to run rm -rf build ...");
  expect(all).toContain("✗ You canceled the request to run curl https://example.com");
  h.session.emit({
    type: "apply_patch_approval_request",
    call_id: "p1",
    changes: [{ path: "README.md", kind: "update" }],
    unified_diff: "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-a\n+b\n",
    reason: null,
  });
  await h.settle();
  await h.type("n");
  expect(h.term.all().join("\n")).toContain("✗ You did not approve codex to apply these changes");
  await h.type("\x03");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("at 40 columns the approval modal wraps the command and its directory under their text", async () => {
  const h = await startTui({ columns: 40, rows: 30 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({
    type: "exec_approval_request",
    call_id: "c1",
    command: ["bash", "-lc", "npm install --no-audit --no-fund && npm run build\nnpm test"],
    cwd: "/home/someone/projects/a-rather-long-directory-name/service",
    reason: null,
  });
  await h.settle();
  const lines = h.term.screen();
  const at = lines.findIndex((l) => l.startsWith("  $ npm install"));
  expect(lines.slice(at, at + 6)).toEqual([
    "  $ npm install --no-audit --no-fund &&",
    "    npm run build",
    "    npm test",
    "  in /home/someone/projects/a-rather-lon",
    "     g-directory-name/service",
    "",
  ]);
  await h.type("\x1b");
  await h.type("\x03");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("a proposed rule: the modal names the exact prefix; p approves and remembers it", async () => {
  const h = await startTui({ rows: 30 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({
    type: "exec_approval_request",
    call_id: "c1",
    command: ["bash", "-lc", "cargo build --release && ls"],
    cwd: "/work/demo",
    reason: null,
    proposed_execpolicy_amendment: ["cargo", "build", "--release"],
  });
  await h.settle();
  expect(h.term.screenText().replaceAll("\n", " ")).toContain(
    "p yes, and don't ask again for commands that start with `cargo build --release`",
  );
  await h.type("p");
  expect(h.session.opsOf("exec_approval")).toEqual([
    { type: "exec_approval", call_id: "c1", decision: "approved_execpolicy_amendment" },
  ]);
  await h.settle();
  expect(h.term.screenText().replace(/\s+/g, " ")).toContain(
    "You approved codex to always run commands that start with cargo build --release",
  );
  await h.type("\x03");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("without a proposed rule, p does nothing", async () => {
  const h = await startTui();
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({ type: "exec_approval_request", call_id: "c1", command: ["ls"], cwd: "/", reason: null });
  await h.settle();
  expect(h.term.screenText()).not.toContain("don't ask again for commands");
  await h.type("p");
  expect(h.session.opsOf("exec_approval")).toEqual([]);
  await h.type("n");
  expect(h.session.opsOf("exec_approval").length).toBe(1);
  await h.type("\x03");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("a hook that blocked or failed leaves a line with its reason; one that completed does not", async () => {
  const h = await startTui({ rows: 30 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({ type: "hook_started", event_name: "PreToolUse", status_message: null });
  h.session.emit({
    type: "hook_completed",
    event_name: "PreToolUse",
    status: "blocked",
    message: "no pushing",
  });
  h.session.emit({
    type: "hook_completed",
    event_name: "Stop",
    status: "failed",
    message: "hook timed out after 5s",
  });
  h.session.emit({ type: "hook_completed", event_name: "SessionStart", status: "completed", message: null });
  await h.settle();
  const screen = h.term.screenText();
  expect(screen).toContain("hook: PreToolUse Blocked: no pushing");
  expect(screen).toContain("hook: Stop Failed: hook timed out after 5s");
  expect(screen).not.toContain("SessionStart");
  await h.type("\x03");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});
