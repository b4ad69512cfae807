import { expect, test } from "bun:test";
import { usage } from "./helpers/fake-session.ts";
import { startTui } from "./helpers/harness.ts";

test("streams an answer as Markdown and commits it to the scrollback", async () => {
  const h = await startTui();
  h.session.configured();
  await h.type("Explain the build");
  await h.type("\r");
  const turn = h.session.opsOf("user_turn")[0];
  expect(turn?.items).toEqual([{ type: "text", text: "Explain the build" }]);
  expect(h.session.opsOf("add_to_history")[0]?.text).toBe("Explain the build");
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: 272000 });
  h.session.emit({ type: "item_started", item: { id: "item_0", type: "agent_message", text: "" } });
  const answer =
    "# Build\n\nRun **bun** with:\n\n```sh\nnpm run build # writes dist\n```\n\n- one\n- two [docs](https://example.com)\n";
  for (const piece of answer.match(/.{1,7}/gs) ?? []) {
    h.session.emit({ type: "agent_message_delta", item_id: "item_0", delta: piece });
  }
  await h.settle();
  expect(h.term.screenText()).toContain("Working");
  h.session.emit({ type: "item_completed", item: { id: "item_0", type: "agent_message", text: answer } });
  h.session.emit({
    type: "token_count",
    info: { total_token_usage: usage(), last_token_usage: usage(), model_context_window: 272000 },
  });
  h.session.emit({ type: "turn_completed", turn_id: "t1", last_agent_message: answer, usage: usage() });
  await h.settle();
  expect(h.term.all().join("\n")).toMatchSnapshot();
  await h.type("\x03");
  expect(h.term.screenText()).toContain("ctrl + c again to quit");
  await h.type("\x03");
  expect(await h.exit).toBe(0);
  expect(h.printed).toEqual([
    "Token usage: total=1,200 input=1,000 output=200",
    "To continue this session, run codex resume 0199a213-81c0-7800-8aa1-bbab2a035a53",
  ]);
});

test("a resumed session shows its earlier conversation first", async () => {
  const h = await startTui();
  h.session.configured({
    initial_messages: [
      { role: "user", text: "add a --verbose flag" },
      { role: "assistant", text: "Added **--verbose** to the CLI." },
    ],
  });
  await h.settle();
  const screen = h.term.all().join("\n");
  expect(screen).toContain("add a --verbose flag");
  expect(screen).toContain("Added --verbose to the CLI.");
  expect(screen.indexOf("add a --verbose flag")).toBeLessThan(screen.indexOf("Added --verbose"));
  await h.type("\x03");
  await h.type("\x03");
  expect(await h.exit).toBe(0);
});
