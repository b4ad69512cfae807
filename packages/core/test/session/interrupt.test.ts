import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { completed, functionCall, responsesStream, stalledStream, textResponse } from "@codex/test-support";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("interrupt", () => {
  test("interrupting a stalled stream ends the turn with turn_aborted, and the session goes on", async () => {
    h = await harness();
    h.server.enqueue(stalledStream());
    h.server.enqueue(responsesStream([textResponse("after"), completed()]));
    const session = h.start();
    await session.submit(userTurn("x"));
    await h.server.waitForRequests(1);
    await session.submit({ type: "interrupt" });
    const events = await untilTurnEnd(session);
    expect(events.at(-1)).toMatchObject({ type: "turn_aborted", reason: "interrupted" });
    await session.submit(userTurn("again"));
    const next = await untilTurnEnd(session);
    expect(next.at(-1)).toMatchObject({ type: "turn_completed", last_agent_message: "after" });
  });

  test("interrupting a running command ends the turn without waiting for the command", async () => {
    h = await harness();
    // Ten minutes: a turn that waited for the command would outlast the test's timeout.
    h.server.enqueue(
      responsesStream([functionCall("shell", { command: ["sleep", "600"] }, "c1"), completed()]),
    );
    const session = h.start();
    await session.submit(userTurn("sleep"));
    const events = await untilTurnEnd(session, (event) => {
      if (event.msg.type === "item_started") void session.submit({ type: "interrupt" });
    });
    expect(events.at(-1)?.type).toBe("turn_aborted");
    expect(ofType(events, "turn_completed")).toHaveLength(0);
  });

  test("after an interrupted command, the next request carries the call answered 'aborted by user'", async () => {
    h = await harness();
    h.server.enqueue(
      responsesStream([functionCall("shell", { command: ["sleep", "30"] }, "c1"), completed()]),
    );
    h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const session = h.start();
    await session.submit(userTurn("sleep"));
    await untilTurnEnd(session, (event) => {
      if (event.msg.type === "item_started") void session.submit({ type: "interrupt" });
    });
    await session.submit(userTurn("what happened?"));
    await untilTurnEnd(session);
    const input = (h.server.lastRequest().body as { input: Array<Record<string, unknown>> }).input;
    expect(input.slice(-4)).toMatchObject([
      { type: "function_call", call_id: "c1" },
      { type: "function_call_output", call_id: "c1", output: "aborted by user" },
      { type: "message", role: "user", content: [{ text: expect.stringContaining("<turn_aborted>") }] },
      { type: "message", role: "user", content: [{ text: "what happened?" }] },
    ]);
  });
});
