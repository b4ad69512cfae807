/**
 * Issue 11, item 17: what a resumed session shows of its earlier conversation is what the user
 * typed and the agent answered, never the messages the session wrote in the user's role
 * (AGENTS.md, environment context, the summary that replaced the history after a compaction).
 */
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ResponseItem } from "@codex/protocol";
import { conversationFromRollout } from "../../src/rollout/conversation.ts";
import { readRolloutFile } from "../../src/rollout/reader.ts";
import { openRolloutForResume } from "../../src/rollout/resume.ts";
import type { RolloutItem } from "../../src/rollout/types.ts";
import { initialMessages } from "../../src/session/initial-messages.ts";
import { tempHome } from "./helpers.ts";

const home = tempHome();
afterAll(() => home.cleanup());

const userItem = (text: string): RolloutItem => ({
  type: "response_item",
  payload: { type: "message", role: "user", content: [{ type: "input_text", text }] },
});

test("a session Codex 0.169 compacted shows every user message and answer, not its summary", () => {
  // Written by Codex 0.169 (`exec`, then `exec resume --last` with auto-compaction against the
  // mock server); its long instruction texts were shortened for the fixture.
  const id = "01a23f91-fcd7-7ee0-9fe4-3c33b26e8d9a";
  const dir = join(home.dir, "sessions/2026/12/04");
  mkdirSync(dir, { recursive: true });
  copyFileSync(
    join(import.meta.dir, "fixtures/rust-0.169-exec-compacted.jsonl"),
    join(dir, `rollout-2026-12-04T05-41-01-${id}.jsonl`),
  );
  const session = openRolloutForResume({ codexHome: home.dir, id });
  const historyUserTexts = session.history.flatMap((item) =>
    item.type === "message" && item.role === "user"
      ? [item.content.map((c) => ("text" in c ? c.text : "")).join("")]
      : [],
  );
  // The model's history after the compaction holds the summary in the user's role...
  expect(historyUserTexts.some((text) => text.startsWith("Another language model started"))).toBe(true);
  // ...but the conversation shown is the one the user had.
  expect(session.conversation).toEqual([
    { role: "user", text: "first question" },
    { role: "assistant", text: "first answer" },
    { role: "user", text: "second question" },
    { role: "assistant", text: "second answer" },
  ]);
});

test("a session Codex 0.47 wrote shows its user_message / agent_message events", () => {
  const file = readRolloutFile(join(import.meta.dir, "fixtures/rust-0.47-exec-resumed.jsonl"));
  expect(conversationFromRollout(file.items)).toEqual([
    { role: "user", text: "first prompt" },
    { role: "assistant", text: "hello 0" },
    { role: "user", text: "second prompt" },
    { role: "assistant", text: "hello 1" },
  ]);
});

test("instructions and environment recorded as user_message (0.47's `kind`, or by prefix) are left out", () => {
  const items: RolloutItem[] = [
    userItem("<environment_context>\n</environment_context>"),
    {
      type: "event_msg",
      payload: { type: "user_message", message: "<user_instructions>x", kind: "user_instructions" },
    },
    { type: "event_msg", payload: { type: "user_message", message: "<environment_context>\n" } },
    { type: "event_msg", payload: { type: "user_message", message: "fix the bug", kind: "plain" } },
    { type: "compacted", payload: { message: "summary" } },
    { type: "event_msg", payload: { type: "agent_message", message: "Fixed." } },
    { type: "event_msg", payload: { type: "user_message", message: "  " } },
  ];
  expect(conversationFromRollout(items)).toEqual([
    { role: "user", text: "fix the bug" },
    { role: "assistant", text: "Fixed." },
  ]);
  expect(conversationFromRollout([userItem("hello")])).toBeNull();
});

test("without message events, the history is shown minus every message the session wrote", () => {
  const user = (text: string): ResponseItem => ({
    type: "message",
    role: "user",
    content: [{ type: "input_text", text }],
  });
  const history: ResponseItem[] = [
    user("<user_instructions>\n\nbe brief\n\n</user_instructions>"),
    user("# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\nbe brief\n</INSTRUCTIONS>"),
    user("<environment_context>\n  <cwd>/x</cwd>\n</environment_context>"),
    user("<conversation_compacted>\nThe earlier part…\n</conversation_compacted>"),
    user("Another language model started to solve this problem and produced a summary…"),
    user("<turn_aborted>\nThe user interrupted the previous turn.\n</turn_aborted>"),
    user("list the files"),
    { type: "function_call", name: "shell", arguments: "{}", call_id: "c1" },
    { type: "function_call_output", call_id: "c1", output: "a.txt" },
    { type: "message", role: "assistant", content: [{ type: "output_text", text: "There is a.txt." }] },
  ];
  expect(initialMessages(history)).toEqual([
    { role: "user", text: "list the files" },
    { role: "assistant", text: "There is a.txt." },
  ]);
});

test("turns a rollback dropped (thread_rolled_back, as thread/revert records it) are not shown again", () => {
  const event = (payload: Record<string, unknown>): RolloutItem =>
    ({ type: "event_msg", payload }) as unknown as RolloutItem;
  const items: RolloutItem[] = [
    event({ type: "user_message", message: "first" }),
    event({ type: "agent_message", message: "one" }),
    event({ type: "user_message", message: "second" }),
    event({ type: "agent_message", message: "two" }),
    event({ type: "user_message", message: "third" }),
    event({ type: "agent_message", message: "three" }),
    event({ type: "thread_rolled_back", num_turns: 2 }),
    event({ type: "user_message", message: "fourth" }),
    event({ type: "agent_message", message: "four" }),
  ];
  expect(conversationFromRollout(items)?.map((m) => m.text)).toEqual(["first", "one", "fourth", "four"]);
  const all = [...items, event({ type: "thread_rolled_back", num_turns: 5 })];
  expect(conversationFromRollout(all)).toEqual([]);
});
