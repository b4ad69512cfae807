import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTui } from "./helpers/harness.ts";

function gitRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "codex-tui-repo-"));
  mkdirSync(join(dir, "src/components"), { recursive: true });
  mkdirSync(join(dir, "build"), { recursive: true });
  writeFileSync(join(dir, ".gitignore"), "build/\n");
  writeFileSync(join(dir, "src/components/button.tsx"), "");
  writeFileSync(join(dir, "src/app.ts"), "");
  writeFileSync(join(dir, "README.md"), "");
  writeFileSync(join(dir, "build/bundle.js"), "");
  execFileSync("git", ["init", "-q"], { cwd: dir });
  execFileSync("git", ["add", "README.md", "src/app.ts"], { cwd: dir });
  return dir;
}

test("slash popup lists commands, filters as you type, Enter runs the selection", async () => {
  const h = await startTui();
  h.session.configured();
  await h.settle();
  await h.type("/");
  expect(h.term.screenText()).toMatchSnapshot();
  await h.type("sta");
  const screen = h.term.screenText();
  expect(screen).toContain("› /status");
  expect(screen).not.toContain("choose what model");
  await h.type("\r");
  const all = h.term.all().join("\n");
  expect(all).toContain("/status");
  expect(all).toContain("Model:        gpt-5-codex (reasoning medium)");
  expect(all).toContain("Approval:     on-request");
  expect(all).toContain("Sandbox:      read-only");
  await h.type("/mcp\r");
  expect(h.session.opsOf("list_mcp_tools").length).toBe(1);
  h.session.emit({
    type: "mcp_list_tools_response",
    tools: [
      { server: "docs", name: "search", qualified_name: "docs__search", description: "Search the docs" },
    ],
  });
  await h.settle();
  expect(h.term.all().join("\n")).toContain("• docs: 1 tool");
  await h.type("/compact\r");
  expect(h.session.opsOf("compact").length).toBe(1);
  await h.type("/bogus\r");
  expect(h.term.all().join("\n")).toContain("Unrecognized command '/bogus'");
  await h.type("/model gpt-5 high\r");
  expect(h.session.opsOf("override_turn_context")).toEqual([
    { type: "override_turn_context", model: "gpt-5", effort: "high" },
  ]);
  await h.type("/approvals\r");
  expect(h.term.screenText()).toContain("Select approval mode");
  await h.type("3");
  expect(h.session.opsOf("override_turn_context")[1]).toEqual({
    type: "override_turn_context",
    approval_policy: "never",
    sandbox_policy: { mode: "danger-full-access" },
  });
  expect(h.term.screenText()).toContain("danger-full-access · never");
  await h.type("/quit\r");
  expect(await h.exit).toBe(0);
});

test("@ popup fuzzy-finds files from git (respecting .gitignore) and inserts the path", async () => {
  const repo = gitRepo();
  const h = await startTui({ settings: { cwd: repo } });
  h.session.configured({ cwd: repo });
  await h.type("look at @btn");
  await h.waitFor("src/components/button.tsx");
  const screen = h.term.screenText();
  expect(screen).toContain("src/components/button.tsx");
  expect(h.term.screenText().split("\n").slice(-2)).toEqual([
    "› look at @btn",
    "› src/components/button.tsx",
  ]);
  await h.type("\x7f\x7f\x7fbund");
  expect(h.term.screenText()).toContain("no matches");
  await h.type("\x7f\x7f\x7f\x7fbutton");
  await h.waitFor("› src/components/button.tsx");
  await h.type("\t");
  await h.type("please\r");
  expect(h.session.opsOf("user_turn")[0]?.items).toEqual([
    { type: "text", text: "look at src/components/button.tsx please" },
  ]);
  await h.type("\x03\x03");
  await h.type("\x03");
  expect(await h.exit).toBe(0);
});

test("multi-line editing, large paste kept intact, history with Up, Esc-Esc edits the previous message", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("first line");
  await h.type("\n"); // Ctrl+J
  await h.type("second line");
  await h.type("\x1b[13;2u"); // Shift+Enter (kitty protocol)
  await h.type("third");
  expect(h.term.screenText()).toContain("› first line\n  second line\n  third");
  await h.type("\r");
  expect(h.session.opsOf("user_turn")[0]?.items).toEqual([
    { type: "text", text: "first line\nsecond line\nthird" },
  ]);
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
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
  const big = Array.from({ length: 3000 }, (_, i) => `line ${i} with\ttab`).join("\n");
  // A bracketed paste split over several reads.
  const paste = `\x1b[200~${big}\x1b[201~`;
  for (let i = 0; i < paste.length; i += 4096) h.term.type(paste.slice(i, i + 4096));
  await h.settle();
  expect(h.term.screenText()).toContain(`[Pasted Content ${big.length} chars]`);
  await h.type("\r");
  expect(h.session.opsOf("user_turn")[1]?.items).toEqual([{ type: "text", text: big }]);
  h.session.emit({ type: "turn_started", turn_id: "t2", model_context_window: null });
  h.session.emit({
    type: "turn_completed",
    turn_id: "t2",
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
  await h.type("\x1b[A");
  expect(h.term.screenText()).toContain("  line 2999 with    tab\ngpt-5-codex");
  await h.type("\x03");
  await h.type("\x1b");
  expect(h.term.screenText()).toContain("esc again to edit previous message");
  await h.type("\x1b");
  expect(h.term.screenText()).toContain("  line 2999 with    tab");
  // Esc Esc also offers to rewind to before that message; Ctrl-C closes the offer first.
  expect(h.term.screenText()).toContain("Rewind to before it?");
  await h.type("\x03\x03\x03\x03");
  expect(await h.exit).toBe(0);
});

test("custom prompts the session lists: offered in the popup, $1 and $ARGUMENTS expanded", async () => {
  const h = await startTui();
  h.session.customPrompts = [
    {
      name: "audit",
      path: "/home/me/.codex/prompts/audit.md",
      content: "Review $1 focusing on $2. All: $ARGUMENTS. Cost: $$5\n",
      description: "Review a file",
      argument_hint: "FILE [FOCUS]",
    },
    // Named like a built-in: it could never run, so it is not offered.
    { name: "status", path: "/home/me/.codex/prompts/status.md", content: "x" },
  ];
  h.session.configured();
  await h.settle();
  expect(h.session.opsOf("list_custom_prompts")).toHaveLength(1);
  await h.type("/prom");
  expect(h.term.screenText()).toContain("/prompts:audit");
  expect(h.term.screenText()).toContain("Review a file");
  expect(h.term.screenText()).not.toContain("/prompts:status");
  await h.type("\t");
  await h.type('src/app.ts "error handling"\r');
  expect(h.session.opsOf("user_turn")[0]?.items).toEqual([
    {
      type: "text",
      text: "Review src/app.ts focusing on error handling. All: src/app.ts error handling. Cost: $5\n",
    },
  ]);
  await h.type("\x03\x03");
  await h.exit;
});

test("Up recalls earlier sessions' prompts one at a time from the session, newest first", async () => {
  const h = await startTui();
  h.session.historyLog = ["oldest prompt", "newest prompt"];
  h.session.configured();
  await h.settle();
  await h.type("\x1b[A");
  await h.waitFor("› newest prompt");
  expect(h.session.opsOf("get_history_entry_request")).toEqual([
    { type: "get_history_entry_request", offset: 1, log_id: 4242 },
  ]);
  await h.type("\x1b[A");
  await h.waitFor("› oldest prompt");
  // At the oldest entry Up stays; Down walks back, then to the (empty) draft.
  await h.type("\x1b[A\x1b[B");
  await h.waitFor("› newest prompt");
  expect(h.session.opsOf("get_history_entry_request")).toHaveLength(2);
  await h.type("\x1b[B");
  expect(h.term.screenText()).toContain("› Ask Codex to do anything");
  await h.type("\x03\x03");
  await h.exit;
});

test("narrow terminal (40 columns) with wide characters and emoji", async () => {
  const h = await startTui({ columns: 40, rows: 20 });
  h.session.configured({ cwd: "/home/user/projects/a-rather-long-directory-name" });
  await h.type("日本語のテキストを入力 🚀 and some english words\r");
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({
    type: "item_completed",
    item: {
      id: "i",
      type: "agent_message",
      text: "你好！这是一个很长的回答，用来测试宽字符的换行是否正确。✅ Done: `npm test` passes 🎉",
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
  const lines = h.term.all();
  expect(lines.join("\n")).toMatchSnapshot();
  await h.type("\x03\x03");
  await h.exit;
});

test("wrapped composer text: a space at the wrap point does not start the next row", async () => {
  const h = await startTui({ columns: 40, rows: 12 });
  h.session.configured();
  await h.settle();
  // 40 columns leave 37 for text: the 38th character, a space, falls exactly on the wrap point.
  const first = "abcdefghij abcdefghij abcdefghij 1234";
  await h.type(`${first} second row`);
  const screen = h.term.screen();
  const at = screen.findIndex((l) => l.startsWith("› abcdefghij"));
  expect(screen[at]?.trimEnd()).toBe(`› ${first}`);
  expect(screen[at + 1]).toBe("  second row");
  // The caret is after the text on the second row.
  expect(h.term.cursor()).toEqual({ x: 2 + "second row".length, y: at + 1 });
  // Deleting back over the wrap keeps the text intact.
  await h.type("\x7f".repeat("second row".length));
  expect(h.term.cursor()).toEqual({ x: 2, y: at + 1 });
  await h.type("\x7f");
  expect(h.term.screen()[at]?.trimEnd()).toBe(`› ${first}`);
  expect(h.term.cursor()).toEqual({ x: 2 + first.length, y: at });
  await h.type("\x03\x03\x03");
  expect(await h.exit).toBe(0);
});
