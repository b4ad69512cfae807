import { expect, test } from "bun:test";
import type { ResponseItem } from "@codex/protocol";
import { initialMessages } from "../../src/session/initial-messages.ts";
import { TURN_ABORTED_NOTICE } from "../../src/session/turn.ts";

test("a resumed history shows the user's and the assistant's messages, not the context the session sent", () => {
  const history: ResponseItem[] = [
    {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "<user_instructions>\n\nbe brief\n\n</user_instructions>" }],
    },
    {
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "<environment_context>\n  <cwd>/x</cwd>\n</environment_context>" },
      ],
    },
    { type: "message", role: "user", content: [{ type: "input_text", text: "list the files" }] },
    { type: "function_call", name: "shell", arguments: "{}", call_id: "c1" },
    { type: "function_call_output", call_id: "c1", output: "a.txt" },
    { type: "message", role: "assistant", content: [{ type: "output_text", text: "There is a.txt." }] },
    TURN_ABORTED_NOTICE,
  ];
  expect(initialMessages(history)).toEqual([
    { role: "user", text: "list the files" },
    { role: "assistant", text: "There is a.txt." },
  ]);
});
