import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
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

test("Ctrl-T opens the full transcript on the alternate screen with full command output; q returns", async () => {
  const h = await startTui({ rows: 12 });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  const output = Array.from({ length: 30 }, (_, i) => `row ${i + 1}`).join("\n");
  h.session.emit({
    type: "item_completed",
    item: {
      id: "c",
      type: "command_execution",
      command: "seq 30",
      aggregated_output: output,
      exit_code: 0,
      status: "completed",
    },
  });
  h.session.emit({ type: "turn_completed", turn_id: "t1", last_agent_message: null, usage: zero });
  await h.settle();
  const before = h.term.screenText();
  expect(before).toContain("… +25 lines");
  await h.type("\x14");
  expect(h.term.xterm.buffer.active.type).toBe("alternate");
  let screen = h.term.screenText();
  expect(screen).toContain("row 30");
  expect(screen).toContain("TRANSCRIPT");
  await h.type("g");
  screen = h.term.screenText();
  expect(screen).toContain(">_ Codex");
  await h.type("\x1b[6~");
  expect(h.term.screenText()).toContain("row 6");
  // New events show up in the open transcript.
  h.session.emit({ type: "warning", message: "arrived while reviewing" });
  await h.type("G");
  expect(h.term.screenText()).toContain("⚠ arrived while reviewing");
  await h.type("q");
  expect(h.term.xterm.buffer.active.type).toBe("normal");
  expect(h.term.screenText()).toContain("⚠ arrived while reviewing");
  expect(h.term.screenText()).toContain(before.split("\n").slice(-4)[0] ?? "");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("first run in an untrusted directory asks, and Yes writes trust_level to config.toml", async () => {
  const h = await startTui({ skipTrustPrompt: false, settings: { cwd: "/tmp" } });
  expect(h.term.screenText()).toContain("You are running Codex in /tmp");
  expect(h.term.screenText()).toContain("1. Yes, allow Codex to work in this folder");
  await h.type("\r");
  await h.settle(50);
  const toml = readFileSync(join(h.settings.codexHome, "config.toml"), "utf8");
  expect(toml).toBe('[projects."/tmp"]\ntrust_level = "trusted"\n');
  h.session.configured();
  await h.settle();
  expect(h.term.screenText()).toContain("› Ask Codex to do anything");
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});

test("tui.notifications sends OSC 9 when a turn completes and when approval is needed", async () => {
  const h = await startTui({ settings: { tui: { notifications: ["approval-requested"] } } });
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  h.session.emit({ type: "exec_approval_request", call_id: "c", command: ["ls"], cwd: "/", reason: null });
  h.session.emit({ type: "turn_completed", turn_id: "t1", last_agent_message: "All done", usage: zero });
  await h.settle();
  expect(h.term.written).toContain("\x1b]9;Approval requested: ls\x07");
  expect(h.term.written).not.toContain("\x1b]9;All done");
  await h.type("\x03\x03");
  await h.exit;
});

test("resize redraws the live region at the new width", async () => {
  const h = await startTui({ columns: 80, rows: 20 });
  h.session.configured();
  await h.type("a long prompt that will need to wrap once the terminal gets narrow enough");
  h.term.resize(40, 20);
  await h.settle();
  const screen = h.term.screen();
  const composerRow = screen.findIndex((l) => l.startsWith("› a long prompt"));
  expect(screen[composerRow]?.trimEnd()).toBe("› a long prompt that will need to wrap");
  expect(screen[composerRow + 1]).toBe("  once the terminal gets narrow enough");
  // No copy of the old frame is left above it.
  expect(screen.filter((l) => l.startsWith("› a long")).length).toBe(1);
  // Nothing of the old 80-column frame is left below.
  expect(screen.slice(composerRow + 3).every((l) => l === "")).toBe(true);
  await h.type("\x03\x03\x03");
  await h.exit;
});

test('trust question: "No" writes trust_level = "untrusted", so the next start does not ask again', async () => {
  const cwd = mkdtempSync(join(tmpdir(), "codex-tui-untrusted-"));
  const h = await startTui({ skipTrustPrompt: false, settings: { cwd } });
  expect(h.term.screenText()).toContain("2. No, ask me to approve edits and commands");
  await h.type("\x1b[B\r");
  // The session starts once the answer is saved.
  while (h.sessionRequests.length === 0) await h.settle();
  const toml = readFileSync(join(h.settings.codexHome, "config.toml"), "utf8");
  expect(toml).toBe(`[projects."${cwd}"]\ntrust_level = "untrusted"\n`);
  expect(h.sessionRequests[0]?.configChanged).toBe(true);
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);

  // The next start asks core, which reads the answer back, and goes straight to the composer.
  const again = await startTui({
    skipTrustPrompt: false,
    settings: { cwd, codexHome: h.settings.codexHome },
  });
  again.session.configured({ cwd });
  await again.settle();
  expect(again.term.screenText()).not.toContain("You are running Codex in");
  expect(again.term.screenText()).toContain("› Ask Codex to do anything");
  await again.type("\x03\x03");
  expect(await again.exit).toBe(0);
});

test("trust question at 40 columns: the path keeps its end behind an ellipsis; wrapped lines keep their indent", async () => {
  const cwd = "/home/someone/projects/a-rather-long-directory-name/service";
  const h = await startTui({ columns: 40, skipTrustPrompt: false, settings: { cwd } });
  const lines = h.term.screen();
  const at = lines.indexOf("> You are running Codex in");
  expect(at).toBeGreaterThanOrEqual(0);
  expect(lines[at + 1]).toBe("  …/a-rather-long-directory-name/service");
  const body = lines.slice(at + 2).filter((l) => l !== "");
  // Every line of the explanation and the options starts indented, none at column 0.
  for (const line of body) expect(line).toMatch(/^ {2}|^› /);
  expect(body).toContain("› 1. Yes, allow Codex to work in this");
  expect(body).toContain("     folder without asking for approval");
  await h.type("\x03");
  expect(await h.exit).toBe(130);
});

test("no credentials for the provider: said at start, with what to do, before any prompt", async () => {
  const message = "Not logged in to model provider `openai`: run `codex login --with-api-key`.";
  const h = await startTui({ credentialsProblem: () => message });
  h.session.configured();
  await h.settle();
  const screen = h.term.screenText();
  expect(screen).toContain("⚠ Not logged in to model provider `openai`: run `codex login");
  // Below the session header, above the composer.
  expect(screen.indexOf("⚠ Not logged in")).toBeGreaterThan(screen.indexOf("directory:"));
  expect(h.session.opsOf("user_turn")).toEqual([]);
  await h.type("\x03\x03");
  expect(await h.exit).toBe(0);
});
