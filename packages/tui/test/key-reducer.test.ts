/**
 * The key reducer alone: bytes a terminal would send, parsed into keys, applied to a UI state;
 * the effects it returns are what the app would do. No terminal, no session, no timers.
 */
import { expect, test } from "bun:test";
import type { EventMsg } from "@codex/protocol";
import { SLASH_COMMANDS } from "../src/slash/commands.ts";
import { applyEvent } from "../src/state/reducer.ts";
import { InputParser } from "../src/terminal/keys.ts";
import { completion } from "../src/ui/completion.ts";
import type { UiEffect } from "../src/ui/effects.ts";
import type { KeyContext } from "../src/ui/key-context.ts";
import { reduceUiEvent } from "../src/ui/reduce-event.ts";
import { reduceKey } from "../src/ui/reduce-key.ts";
import { createUiState, type UiState } from "../src/ui/state.ts";

const files = ["src/app.ts", "src/main.ts", "README.md"];
const ctx: KeyContext = {
  rows: 24,
  files: {
    isLoaded: () => true,
    search: (query) =>
      files.filter((f) => f.includes(query)).map((text) => ({ text, score: 0, indices: [] as number[] })),
    isCurrent: () => true,
  },
  highlight: (s) => s,
  send: { saveHistory: true },
  defaults: {
    model: "gpt-5-codex",
    provider: "openai",
    cwd: "/w",
    approval: "on-request",
    sandbox: "read-only",
  },
};

function configured(): UiState {
  const state = createUiState({ hideReasoning: false });
  event(state, {
    type: "session_configured",
    session_id: "s1",
    model: "gpt-5-codex",
    model_provider: "openai",
    cwd: "/w",
    approval_policy: "on-request",
    sandbox_policy: { mode: "read-only" },
    reasoning_effort: "medium",
    rollout_path: null,
    history_log_id: 7,
    history_entry_count: 2,
  });
  return state;
}

/** A protocol event, through both reducers as the app feeds it. */
function event(state: UiState, msg: EventMsg): UiEffect[] {
  applyEvent(state.transcript, { id: "0", msg }, 0);
  return reduceUiEvent(state, msg, ctx.send);
}

/** Feeds what a terminal sends for `bytes` and collects every effect. */
function keys(state: UiState, bytes: string): UiEffect[] {
  const parser = new InputParser();
  return parser.feed(bytes).flatMap((ev) => reduceKey(state, ev, ctx));
}

test("Enter sends the message and saves it to history; while a turn runs it is queued instead", () => {
  const state = configured();
  expect(keys(state, "hello\r")).toEqual([
    { type: "submit", op: { type: "user_turn", items: [{ type: "text", text: "hello" }] } },
    { type: "submit", op: { type: "add_to_history", text: "hello" } },
  ]);
  expect(state.composer.text).toBe("");
  event(state, { type: "turn_started", turn_id: "1", model_context_window: null });
  expect(keys(state, "later\r")).toEqual([]);
  expect(state.queued).toEqual([{ text: "later", images: [] }]);
});

test("Up recalls earlier messages, Down returns to the draft", () => {
  const state = configured();
  keys(state, "first\r");
  keys(state, "second\r");
  keys(state, "\x1b[A");
  expect(state.composer.text).toBe("second");
  keys(state, "\x1b[A");
  expect(state.composer.text).toBe("first");
  keys(state, "\x1b[B\x1b[B");
  expect(state.composer.text).toBe("");
});

test("past this run's messages, Up asks the session for the log's entries and shows each when it arrives", () => {
  const state = configured();
  keys(state, "mine\r");
  keys(state, "\x1b[A");
  expect(state.composer.text).toBe("mine");
  expect(keys(state, "\x1b[A")).toEqual([
    { type: "submit", op: { type: "get_history_entry_request", log_id: 7, offset: 1 } },
  ]);
  const answer = (offset: number, text: string) =>
    event(state, {
      type: "get_history_entry_response",
      offset,
      log_id: 7,
      entry: { conversation_id: "c", ts: 0, text },
    });
  answer(1, "from the log");
  expect(state.composer.text).toBe("from the log");
  // An answer for an entry the user already left is kept, not shown.
  keys(state, "\x1b[A");
  keys(state, "\x1b[B");
  answer(0, "oldest");
  expect(state.composer.text).toBe("from the log");
  keys(state, "\x1b[A");
  expect(state.composer.text).toBe("oldest");
});

test("Ctrl-C: clears the text, then arms, then quits; Esc interrupts a running turn", () => {
  const state = configured();
  keys(state, "draft");
  expect(keys(state, "\x03")).toEqual([]);
  expect(state.composer.text).toBe("");
  expect(keys(state, "\x03")).toEqual([]);
  expect(state.hint).toBe("ctrl + c again to quit");
  expect(keys(state, "\x03")).toEqual([{ type: "quit", code: 0 }]);
  event(state, { type: "turn_started", turn_id: "1", model_context_window: null });
  expect(keys(state, "\x1b")).toEqual([{ type: "submit", op: { type: "interrupt" } }]);
});

test("approval keys answer the oldest request and leave a decision cell", () => {
  const state = configured();
  event(state, { type: "exec_approval_request", call_id: "c1", command: ["ls"], cwd: "/w", reason: null });
  expect(keys(state, "a")).toEqual([
    { type: "submit", op: { type: "exec_approval", call_id: "c1", decision: "approved_for_session" } },
  ]);
  expect(state.transcript.approvals).toEqual([]);
  expect(state.transcript.finished.at(-1)).toMatchObject({
    kind: "decision",
    decision: "approved_for_session",
  });
});

test("/model opens a picker on the current model; choosing sends override_turn_context and says so", () => {
  const state = configured();
  keys(state, "/model\r");
  expect(state.picker?.rows[state.picker.selected]?.label).toBe("2. gpt-5-codex medium (current)");
  const effects = keys(state, "\x1b[B\r");
  expect(effects).toEqual([
    { type: "submit", op: { type: "override_turn_context", model: "gpt-5-codex", effort: "high" } },
  ]);
  expect(state.picker).toBeNull();
  expect(state.transcript.finished.at(-1)).toEqual({
    kind: "notice",
    tone: "info",
    text: "Model changed to gpt-5-codex high",
  });
  // The footer follows what the session confirms, not what was asked for.
  expect(state.transcript.session?.effort).toBe("medium");
  event(state, {
    type: "turn_context_changed",
    cwd: "/w",
    model: "gpt-5-codex",
    reasoning_effort: "high",
    approval_policy: "on-request",
    sandbox_policy: { mode: "read-only" },
  });
  expect(state.transcript.session?.effort).toBe("high");
});

test("a custom prompt expands its arguments; an unknown one is explained", () => {
  const state = configured();
  state.prompts = [{ name: "fix", path: "/p/fix.md", description: "fix it", content: "Fix $1 in $2" }];
  expect(keys(state, '/prompts:fix "the bug" src\r')).toEqual([
    { type: "submit", op: { type: "user_turn", items: [{ type: "text", text: "Fix the bug in src" }] } },
    { type: "submit", op: { type: "add_to_history", text: "Fix the bug in src" } },
  ]);
  keys(state, "/prompts:nope\r");
  expect(state.transcript.finished.at(-1)).toMatchObject({
    tone: "error",
    text: expect.stringContaining("nope"),
  });
});

test("the popup lists every table entry and prompt; Tab completes, @ completes files", () => {
  const state = configured();
  state.prompts = [{ name: "fix", path: "/p/fix.md", description: "fix it", content: "" }];
  keys(state, "/");
  const names = completion(state, ctx)?.values ?? [];
  expect(names).toEqual([...SLASH_COMMANDS.map((c) => `/${c.name}`), "/prompts:fix"]);
  keys(state, "sta\t");
  expect(state.composer.text).toBe("/status ");
  keys(state, "\x15see @main");
  keys(state, "\t");
  expect(state.composer.text).toBe("see src/main.ts ");
});

test("command names are unique", () => {
  const names = SLASH_COMMANDS.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
});

test("the trust question: arrows move, Enter answers; Esc goes on without an answer", () => {
  const state = createUiState({ hideReasoning: false });
  state.trust = { folder: "/w", isGitRepo: true, selected: 0 };
  expect(keys(state, "\x1b[B")).toEqual([]);
  expect(keys(state, "\r")).toEqual([{ type: "trust-answer", level: "untrusted" }]);
  expect(state.trust).toBeNull();
  state.trust = { folder: "/w", isGitRepo: true, selected: 0 };
  expect(keys(state, "\x1b")).toEqual([{ type: "trust-answer", level: null }]);
});
