import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
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

test("/model opens on the current choice and marks it; picking one says so; /new keeps it", async () => {
  const h = await startTui();
  // No effort configured: the API's default (medium) is the current one.
  h.session.configured({ reasoning_effort: null });
  await h.settle();
  await h.type("/model\r");
  let screen = h.term.screenText();
  expect(screen).toContain("› 2. gpt-5-codex medium (current)");
  expect(screen.match(/\(current\)/g)?.length).toBe(1);
  await h.type("\x1b[B".repeat(5));
  await h.type("\r");
  expect(h.session.opsOf("override_turn_context")).toEqual([
    { type: "override_turn_context", model: "gpt-5", effort: "high" },
  ]);
  expect(h.term.all().join("\n")).toContain("• Model changed to gpt-5 high");
  expect(h.term.screenText()).toContain("gpt-5 high · read-only · on-request");
  await h.type("/model\r");
  screen = h.term.screenText();
  expect(screen).toContain("› 7. gpt-5 high (current)");
  await h.type("\x1b");

  await h.type("/new\r");
  await h.settle();
  expect(h.sessionRequests.at(-1)).toEqual({
    configChanged: false,
    choices: { model: "gpt-5", effort: "high", approval_policy: "on-request", sandbox_mode: "read-only" },
  });
  h.session.configured({ model: "gpt-5", reasoning_effort: "high" });
  await h.settle();
  expect(h.term.screenText()).toContain("gpt-5 high · read-only · on-request");
  await h.type("/exit\r");
  expect(await h.exit).toBe(0);
});

test("/approvals opens on the mode the session runs with; /new keeps the one picked", async () => {
  const h = await startTui();
  h.session.configured({
    approval_policy: "on-request",
    sandbox_policy: {
      mode: "workspace-write",
      writable_roots: [],
      network_access: false,
      exclude_tmpdir_env_var: false,
      exclude_slash_tmp: false,
    },
  });
  await h.settle();
  await h.type("/approvals\r");
  expect(h.term.screenText()).toContain("› 2. Auto (current)");
  await h.type("\x1b[A\r");
  expect(h.session.opsOf("override_turn_context")).toEqual([
    { type: "override_turn_context", approval_policy: "on-request", sandbox_policy: { mode: "read-only" } },
  ]);
  await h.type("/approvals\r");
  expect(h.term.screenText()).toContain("› 1. Read Only (current)");
  await h.type("\x1b");
  await h.type("/new\r");
  await h.settle();
  expect(h.sessionRequests.at(-1)?.choices).toMatchObject({
    approval_policy: "on-request",
    sandbox_mode: "read-only",
  });
  await h.type("/quit\r");
  expect(await h.exit).toBe(0);
});

test("/exit quits, as /quit does, also while a turn runs", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("/ex");
  expect(h.term.screenText()).toContain("/exit");
  await h.type("\x7f\x7f\x7f");
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  await h.type("/exit\r");
  expect(await h.exit).toBe(0);
  expect(h.term.all().join("\n")).not.toContain("Unrecognized command");
});

test("/mcp lists each server with its tool count and names, not the tools' descriptions", async () => {
  const h = await startTui({ columns: 60 });
  h.session.configured();
  await h.type("/mcp\r");
  const long = "Reads a file. ".repeat(40);
  const names = ["read_file", "write_file", "list_directory", "search_files", "move_file", "get_file_info"];
  h.session.emit({
    type: "mcp_list_tools_response",
    tools: [
      ...names.map((name) => ({ server: "fs", name, qualified_name: `fs__${name}`, description: long })),
      { server: "docs", name: "search", qualified_name: "docs__search", description: "Search the docs" },
    ],
  });
  const all = await h.waitFor("• docs: 1 tool");
  expect(all).not.toContain("Reads a file.");
  expect(all).not.toContain("Search the docs");
  const lines = h.term.all();
  const at = lines.indexOf("  • fs: 6 tools");
  expect(at).toBeGreaterThan(0);
  // The names wrap under each other, indented below the server line.
  expect(lines[at + 1]).toBe("    read_file, write_file, list_directory, search_files,");
  expect(lines[at + 2]).toBe("    move_file, get_file_info");
  expect(lines[at + 3]).toBe("  • docs: 1 tool");
  expect(lines[at + 4]).toBe("    search");
  await h.type("/quit\r");
  await h.exit;
});

test("cached input is counted once: /status and the exit summary use Codex's totals", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("hi\r");
  // input_tokens includes the cached ones (the protocol's token_count semantics).
  const total = {
    input_tokens: 5000,
    cached_input_tokens: 4000,
    cache_write_input_tokens: 0,
    output_tokens: 250,
    reasoning_output_tokens: 100,
    total_tokens: 5250,
  };
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({
    type: "token_count",
    info: { total_token_usage: total, last_token_usage: total, model_context_window: 272000 },
  });
  h.session.emit({ type: "turn_completed", turn_id: "t1", last_agent_message: null, usage: total });
  await h.settle();
  await h.type("/status\r");
  expect(h.term.all().join("\n")).toContain(
    "Tokens:       1,250 total (1,000 input + 4,000 cached, 250 output)",
  );
  await h.type("/quit\r");
  expect(await h.exit).toBe(0);
  expect(h.printed[0]).toBe(
    "Token usage: total=1,250 input=1,000 (+ 4,000 cached) output=250 (reasoning 100)",
  );
});

test("/status at 40 columns: long values wrap in their column, under the value", async () => {
  const h = await startTui({ columns: 40 });
  h.session.configured({ cwd: "/home/someone/projects/a-rather-long-directory-name/service" });
  await h.settle();
  await h.type("/status\r");
  const lines = h.term.all();
  const at = lines.findIndex((l) => l.startsWith("  Directory:"));
  expect(lines[at]).toBe("  Directory:    /home/someone/projects/a");
  expect(lines[at + 1]).toBe("                -rather-long-directory-n");
  expect(lines[at + 2]).toBe("                ame/service");
  expect(lines[at + 3]).toBe("  Approval:     on-request");
  await h.type("/quit\r");
  expect(await h.exit).toBe(0);
});

test("/ps lists the background terminals with their session ids; /stop asks core to stop them all", async () => {
  const h = await startTui({ columns: 80 });
  h.session.configured();
  await h.type("/ps\r");
  expect(h.session.opsOf("list_background_terminals").length).toBe(1);
  h.session.emit({
    type: "background_terminals_response",
    terminals: [
      { id: 4321, command: "/bin/bash -lc 'npm run dev'", cwd: "/repo", tty: false, running_ms: 83_000 },
      { id: 987, command: "/bin/bash -lc python3", cwd: "/repo", tty: true, running_ms: 4_000 },
    ],
  });
  await h.waitFor("4321  1m 23s  /bin/bash -lc 'npm run dev'");
  await h.waitFor("987  4s  tty  /bin/bash -lc python3");
  await h.type("/stop\r");
  expect(h.session.opsOf("clean_background_terminals").length).toBe(1);
  h.session.emit({ type: "background_event", message: "Stopping all background terminals" });
  await h.waitFor("Stopping all background terminals");
  await h.type("/ps\r");
  h.session.emit({ type: "background_terminals_response", terminals: [] });
  await h.waitFor("No background terminals running");
});
