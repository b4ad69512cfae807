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
