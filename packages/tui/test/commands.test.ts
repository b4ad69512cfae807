import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTui } from "./helpers/harness.ts";

const zero = {
  input_tokens: 0,
  cached_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
  total_tokens: 0,
};

test("/diff shows tracked changes and untracked files as a coloured diff", async () => {
  const repo = mkdtempSync(join(tmpdir(), "codex-tui-diff-"));
  execFileSync("git", ["init", "-q"], { cwd: repo });
  writeFileSync(join(repo, "a.txt"), "one\n");
  execFileSync("git", ["add", "a.txt"], { cwd: repo });
  execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init"], { cwd: repo });
  writeFileSync(join(repo, "a.txt"), "two\n");
  writeFileSync(join(repo, "new.txt"), "fresh\n");
  const h = await startTui({ settings: { cwd: repo } });
  h.session.configured({ cwd: repo });
  await h.type("/diff\r");
  const all = await h.waitFor("+fresh");
  expect(all).toContain("/diff");
  expect(all).toContain("  -one");
  expect(all).toContain("  +two");
  expect(all).toContain("  +fresh");
  expect(all).toContain("+++ b/new.txt");
  await h.type("\x03\x03");
  await h.exit;
});

test("while a turn runs: messages queue and are sent after it; /model is refused; Esc interrupts", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("first\r");
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  await h.settle();
  await h.type("second\r");
  expect(h.term.screenText()).toContain("↳ second");
  expect(h.session.opsOf("user_turn").length).toBe(1);
  await h.type("/model\r");
  expect(h.term.all().join("\n")).toContain("'/model' is disabled while a task is in progress.");
  await h.type("\x1b");
  expect(h.session.opsOf("interrupt").length).toBe(1);
  await h.settle();
  expect(h.term.all().join("\n")).toContain(
    "■ Conversation interrupted - tell the model what to do differently",
  );
  expect(h.session.opsOf("user_turn").map((o) => o.items)).toEqual([
    [{ type: "text", text: "first" }],
    [{ type: "text", text: "second" }],
  ]);
  h.session.emit({ type: "turn_started", turn_id: "t2", model_context_window: null });
  h.session.emit({ type: "turn_completed", turn_id: "t2", last_agent_message: null, usage: zero });
  await h.type("/new\r");
  await h.settle();
  expect(h.term.all().join("\n")).toContain("Starting a new conversation");
  await h.type("\x03\x03");
  await h.exit;
});

test("/init asks the agent to write AGENTS.md, and refuses when one exists", async () => {
  const dir = mkdtempSync(join(tmpdir(), "codex-tui-init-"));
  const h = await startTui({ settings: { cwd: dir } });
  h.session.configured({ cwd: dir });
  await h.type("/init\r");
  const turn = h.session.opsOf("user_turn")[0];
  expect(
    turn?.items[0]?.type === "text" && turn.items[0].text.startsWith("Generate a file named AGENTS.md"),
  ).toBe(true);
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  h.session.emit({ type: "turn_completed", turn_id: "t1", last_agent_message: null, usage: zero });
  writeFileSync(join(dir, "AGENTS.md"), "# Guide\n");
  await h.type("/init\r");
  expect(h.term.all().join("\n")).toContain("AGENTS.md already exists here.");
  expect(h.session.opsOf("user_turn").length).toBe(1);
  await h.type("\x03\x03");
  await h.exit;
});
