/**
 * /review, its findings list, /undo, /fork and Esc Esc's rewind offer, against a scripted session
 * (the TUI's network peer) speaking the real protocol events.
 */
import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTui } from "./helpers/harness.ts";

const zero = {
  input_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
  total_tokens: 0,
};

test("/review: the picker's first choice reviews uncommitted changes; findings are a list that opens the lines", async () => {
  const dir = mkdtempSync(join(tmpdir(), "codex-tui-review-"));
  const file = join(dir, "calc.ts");
  writeFileSync(file, ["one", "two", "three", "four", "five", "six"].join("\n"));
  const h = await startTui({ settings: { cwd: dir } });
  h.session.configured({ cwd: dir });
  await h.type("/review\r");
  expect(h.term.screenText()).toContain("1. Review uncommitted changes");
  await h.type("\r");
  expect(h.session.opsOf("review")).toEqual([
    { type: "review", review_request: { target: { type: "uncommittedChanges" } } },
  ]);
  h.session.emit({ type: "turn_started", turn_id: "1", model_context_window: null });
  h.session.emit({
    type: "entered_review_mode",
    review_request: { target: { type: "uncommittedChanges" }, user_facing_hint: "current changes" },
  });
  const finding = (title: string, start: number, end: number) => ({
    title,
    body: `why ${title}`,
    confidence_score: 0.5,
    priority: 1,
    code_location: { absolute_file_path: file, line_range: { start, end } },
  });
  h.session.emit({
    type: "exited_review_mode",
    review_output: {
      findings: [finding("[P1] First", 2, 2), finding("[P2] Second", 5, 5)],
      overall_correctness: "patch is incorrect",
      overall_explanation: "Two problems.",
      overall_confidence_score: 0.6,
    },
  });
  h.session.emit({ type: "turn_completed", turn_id: "1", last_agent_message: "Two problems.", usage: zero });
  await h.waitFor(">> Code review started: current changes <<");
  expect(h.term.screenText()).toContain("Review findings (2)");
  await h.type("\x1b[B\r");
  const shown = await h.waitFor("why [P2] Second");
  expect(shown).toContain(`[P2] Second — ${file}:5-5`);
  expect(shown).toContain("> 5 │ five");
  expect(shown).toContain("  4 │ four");
  await h.type("\x1b");
  await h.type("/review --base main\r");
  expect(h.session.opsOf("review").at(-1)).toEqual({
    type: "review",
    review_request: { target: { type: "baseBranch", branch: "main" } },
  });
  await h.type("/exit\r");
  expect(await h.exit).toBe(0);
});

test("/undo asks core to rewind the last turn with its files and shows what was put back", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("/undo\r");
  expect(h.session.opsOf("thread_rollback")).toEqual([
    { type: "thread_rollback", num_turns: 1, restore_files: true },
  ]);
  h.session.emit({
    type: "thread_rolled_back",
    num_turns: 1,
    restored_files: [
      { path: "/w/a.txt", action: "restored" },
      { path: "/w/new.txt", action: "removed" },
    ],
  });
  const all = await h.waitFor("removed /w/new.txt");
  expect(all).toContain("Rewound 1 turn and put its files back:");
  expect(all).toContain("restored /w/a.txt");
  await h.type("/exit\r");
  expect(await h.exit).toBe(0);
});

test("Esc Esc offers to rewind to before the last message, with or without its files", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("fix the bug\r");
  h.session.emit({ type: "turn_started", turn_id: "1", model_context_window: null });
  h.session.emit({ type: "turn_completed", turn_id: "1", last_agent_message: null, usage: zero });
  await h.settle();
  await h.type("\x1b");
  await h.type("\x1b");
  expect(h.term.screenText()).toContain("Rewind to before it?");
  await h.type("3");
  expect(h.session.opsOf("thread_rollback")).toEqual([
    { type: "thread_rollback", num_turns: 1, restore_files: true },
  ]);
  expect(h.term.screenText()).toContain("fix the bug");
  await h.type("\x03\x03\x03");
  expect(await h.exit).toBe(0);
});

test("/fork starts a new session from the current one's conversation", async () => {
  const h = await startTui();
  h.session.configured({ session_id: "01a20000-0000-7000-8000-00000000abcd" });
  await h.settle();
  await h.type("/fork\r");
  await h.settle();
  expect(h.sessionRequests.at(-1)).toMatchObject({ forkFrom: "01a20000-0000-7000-8000-00000000abcd" });
  await h.type("/exit\r");
  expect(await h.exit).toBe(0);
});
