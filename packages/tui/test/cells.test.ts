import { expect, test } from "bun:test";
import { usage } from "./helpers/fake-session.ts";
import { startTui } from "./helpers/harness.ts";

const DIFF = `diff --git a/src/app.ts b/src/app.ts
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,3 +1,3 @@
 import { run } from "./run.ts";
-run({ verbose: false });
+run({ verbose: true });
 export {};
`;

test("command cell: live output tail while running, then status, exit code and collapsed output", async () => {
  const h = await startTui();
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({
    type: "item_started",
    item: {
      id: "item_1",
      type: "command_execution",
      command: "npm test",
      aggregated_output: "",
      status: "in_progress",
    },
  });
  for (let i = 1; i <= 12; i++) {
    h.session.emit({
      type: "command_output_delta",
      item_id: "item_1",
      stream: "stdout",
      chunk: `test ${i} ok\n`,
    });
  }
  await h.settle();
  const live = h.term.screenText();
  expect(live).toContain("Running npm test");
  expect(live).toContain("test 12 ok");
  expect(live).not.toContain("test 7 ok");
  const output = Array.from({ length: 12 }, (_, i) => `test ${i + 1} ok`).join("\n") + "\nFAIL 1\n";
  h.session.emit({
    type: "item_completed",
    item: {
      id: "item_1",
      type: "command_execution",
      command: "npm test",
      aggregated_output: output,
      exit_code: 1,
      status: "failed",
    },
  });
  h.session.emit({
    type: "turn_completed",
    turn_id: "t1",
    last_agent_message: null,
    usage: {
      input_tokens: 0,
      cached_input_tokens: 0,
      cache_write_input_tokens: 0,
      output_tokens: 0,
      reasoning_output_tokens: 0,
      total_tokens: 0,
    },
  });
  await h.settle();
  const all = h.term.all().join("\n");
  expect(all).toMatchSnapshot();
  expect(all).toContain("… +8 lines (ctrl+t to view transcript)");
  expect(all).toMatch(/exit 1 • \d+s/);
  await h.type("/quit\r");
  expect(await h.exit).toBe(0);
});

test("patch cell renders a coloured diff; plan, MCP call and error notices", async () => {
  const h = await startTui({ color: true });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({
    type: "item_completed",
    item: {
      id: "item_2",
      type: "file_change",
      changes: [{ path: "src/app.ts", kind: "update" }],
      status: "completed",
      diff: DIFF,
    },
  });
  h.session.emit({
    type: "plan_update",
    explanation: null,
    plan: [
      { step: "Read the code", status: "completed" },
      { step: "Fix the flag", status: "in_progress" },
      { step: "Run tests", status: "pending" },
    ],
  });
  h.session.emit({
    type: "item_completed",
    item: {
      id: "item_3",
      type: "mcp_tool_call",
      server: "docs",
      tool: "search",
      arguments: { q: "flags" },
      result: { content: [{ type: "text", text: "found 2 pages" }], structured_content: null },
      error: null,
      status: "completed",
    },
  });
  h.session.emit({ type: "error", message: "stream disconnected before completion" });
  await h.settle();
  const text = h.term.all().join("\n");
  expect(text).toContain("• Edited src/app.ts (+1 -1)");
  expect(text).toContain("    -run({ verbose: false });");
  expect(text).toContain("    +run({ verbose: true });");
  expect(text).toContain("☑ Read the code");
  expect(text).toContain("□ Fix the flag");
  expect(text).toContain('Called docs.search({"q":"flags"})');
  expect(text).toContain("found 2 pages");
  expect(text).toContain("■ stream disconnected before completion");
  // Colours: the added line is green (ANSI 2), the removed one red (ANSI 1).
  const buf = h.term.xterm.buffer.active;
  const rowOf = (needle: string) => {
    for (let i = 0; i < buf.length; i++)
      if (buf.getLine(i)?.translateToString(true).includes(needle)) return i;
    return -1;
  };
  const added = buf.getLine(rowOf("+run({ verbose: true })"))?.getCell(4);
  const removed = buf.getLine(rowOf("-run({ verbose: false })"))?.getCell(4);
  expect(added?.getFgColor()).toBe(2);
  expect(removed?.getFgColor()).toBe(1);
  await h.type("\x03");
  await h.type("\x03");
  await h.type("\x03");
  expect(await h.exit).toBe(0);
});

test("reasoning is shown dimmed, or hidden with hide_agent_reasoning", async () => {
  for (const hide of [false, true]) {
    const h = await startTui({ settings: { hide_agent_reasoning: hide } });
    h.session.configured();
    h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
    h.session.emit({
      type: "reasoning_delta",
      item_id: "r1",
      delta: "**Inspecting the repo**\n\nLooking at files",
    });
    await h.settle();
    expect(h.term.screenText()).toContain("Inspecting the repo (");
    h.session.emit({
      type: "item_completed",
      item: { id: "r1", type: "reasoning", text: "**Inspecting the repo**\n\nLooking at files" },
    });
    await h.settle();
    expect(h.term.all().join("\n").includes("Looking at files")).toBe(!hide);
    await h.type("\x03");
    await h.type("\x03\x03");
    expect(await h.exit).toBe(0);
  }
});

test("reconnect attempts update one line, which goes once the stream resumes", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("hello\r");
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  const retryLines = () => h.term.all().filter((l) => l.includes("Reconnecting"));
  for (const n of [1, 2, 3]) {
    const reason = `stream disconnected before completion: ${"a long reason ".repeat(20)}`;
    h.session.emit({ type: "stream_error", message: `Reconnecting... ${n}/5 (${reason})` });
    await h.settle();
    // One line however long the reason: cut at the terminal's edge, never wrapped.
    expect(retryLines()).toHaveLength(1);
    expect(retryLines()[0]).toStartWith(`↻ Reconnecting... ${n}/5 (stream disconnected`);
  }
  expect(h.term.screenText()).toContain("Working");
  h.session.emit({ type: "agent_message_delta", item_id: "m1", delta: "Back again." });
  h.session.emit({ type: "item_completed", item: { id: "m1", type: "agent_message", text: "Back again." } });
  h.session.emit({ type: "turn_completed", turn_id: "t1", last_agent_message: null, usage: usage() });
  await h.settle();
  expect(h.term.all().join("\n")).toContain("• Back again.");
  expect(retryLines()).toEqual([]);
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("long notices wrap under their text, not under the mark", async () => {
  const h = await startTui({ columns: 40 });
  h.session.configured();
  h.session.emit({
    type: "warning",
    message: "The configured model does not support reasoning summaries; they are turned off.",
  });
  await h.settle();
  const lines = h.term.all();
  const at = lines.findIndex((l) => l.startsWith("⚠ The configured model"));
  expect(at).toBeGreaterThan(0);
  expect(lines[at + 1]).toMatch(/^ {2}\S/);
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("a command still running when its turn ends goes to the scrollback without a spinner; its end shows later", async () => {
  const h = await startTui();
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  const server = { id: "item_1", type: "command_execution" as const, command: "npm run dev" };
  h.session.emit({ type: "item_started", item: { ...server, aggregated_output: "", status: "in_progress" } });
  h.session.emit({
    type: "command_output_delta",
    item_id: "item_1",
    stream: "stdout",
    chunk: "listening on :3000\n",
  });
  h.session.emit({
    type: "item_completed",
    item: { id: "m1", type: "agent_message", text: "The server is up." },
  });
  h.session.emit({ type: "turn_completed", turn_id: "t1", last_agent_message: null, usage: usage() });
  await h.settle();
  const afterTurn = h.term.all().join("\n");
  expect(afterTurn).toContain("• Still running npm run dev");
  expect(afterTurn).toContain("listening on :3000");
  expect(afterTurn).toContain("in the background; shown again when it ends");
  expect(afterTurn).not.toContain("Running npm run dev");
  // Later, outside any turn, the command ends.
  h.session.emit({
    type: "item_completed",
    item: { ...server, aggregated_output: "listening on :3000\nbye\n", exit_code: 0, status: "completed" },
  });
  await h.settle();
  const lines = h.term.all();
  const still = lines.findIndex((l) => l.includes("Still running npm run dev"));
  const ran = lines.findIndex((l) => l.includes("• Ran npm run dev"));
  expect(ran).toBeGreaterThan(still);
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});
