/**
 * `thread_rollback`: the last turns leave the conversation the next request sends, and the rollout
 * records a `thread_rolled_back` marker so a resumed session leaves them out too.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import type { CodexSession } from "@codex/core";
import { type EventMsg, ProtocolError, parseOp } from "@codex/protocol";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, untilTurnEnd, userTurn } from "./helpers.ts";

setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function until(session: CodexSession, type: EventMsg["type"] | "error"): Promise<EventMsg> {
  const iterator = session.events[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new Error(`events ended before ${type}`);
    if (next.value.msg.type === type) return next.value.msg;
  }
}

async function turn(session: CodexSession, text: string, reply: string): Promise<EventMsg[]> {
  h.server.enqueue(responsesStream([textResponse(reply), completed()]));
  await session.submit(userTurn(text));
  return untilTurnEnd(session);
}

function sentTexts(index: number): string {
  return JSON.stringify((h.server.requests[index]?.body as { input?: unknown[] } | undefined)?.input);
}

describe("thread_rollback", () => {
  test("drops the last turn from the next request and from a resumed session", async () => {
    h = await harness();
    const session = h.start({ session: { persist: { source: "exec" } } });
    const [configured] = await turn(session, "first question", "first answer");
    const rolloutPath = configured?.type === "session_configured" ? configured.rollout_path : null;
    await turn(session, "second question", "second answer");
    await session.submit({ type: "thread_rollback", num_turns: 1 });
    expect(await until(session, "thread_rolled_back")).toEqual({ type: "thread_rolled_back", num_turns: 1 });
    await turn(session, "third question", "third answer");
    const third = sentTexts(2);
    expect(third).toContain("first answer");
    expect(third).not.toContain("second question");
    expect(third).not.toContain("second answer");
    await session.close();

    const resumed = h.start({ session: { persist: { source: "exec" }, resume: { sessionId: session.id } } });
    await turn(resumed, "fourth question", "fourth answer");
    const fourth = sentTexts(3);
    expect(fourth).toContain("third answer");
    expect(fourth).not.toContain("second question");
    // Codex 0.169's marker, appended: the rollout keeps everything that happened.
    const rollout = readFileSync(rolloutPath ?? "", "utf8");
    expect(rollout).toContain('"type":"thread_rolled_back","num_turns":1');
    expect(rollout).toContain("second question");
  });

  test("rolling back every turn sends the session context again", async () => {
    h = await harness();
    const session = h.start();
    await turn(session, "only question", "only answer");
    await session.submit({ type: "thread_rollback", num_turns: 1 });
    await until(session, "thread_rolled_back");
    await turn(session, "fresh start", "ok");
    expect(sentTexts(1)).toContain("<environment_context>");
    expect(sentTexts(1)).not.toContain("only question");
  });

  test("more turns than the session has: an error, nothing dropped", async () => {
    h = await harness();
    const session = h.start();
    await session.submit({ type: "thread_rollback", num_turns: 1 });
    const error = await until(session, "error");
    expect(error).toMatchObject({ message: "there is no turn to roll back in this session" });
    await turn(session, "one", "1");
    await session.submit({ type: "thread_rollback", num_turns: 2 });
    expect(await until(session, "error")).toMatchObject({
      message: expect.stringContaining("only the last 1"),
    });
    await turn(session, "two", "2");
    expect(sentTexts(1)).toContain("one");
  });

  test("the op is validated at the boundary", () => {
    expect(parseOp({ type: "thread_rollback", num_turns: 2 })).toEqual({
      type: "thread_rollback",
      num_turns: 2,
    });
    expect(() => parseOp({ type: "thread_rollback", num_turns: 0 })).toThrow(ProtocolError);
    expect(() => parseOp({ type: "thread_rollback" })).toThrow(ProtocolError);
  });
});
