/**
 * The session's background terminals as front ends see them: a command exec_command left running
 * is listed (`list_background_terminals`), `clean_background_terminals` stops it, and its
 * `command_execution` item then completes.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import type { CodexSession } from "@codex/core";
import type { EventMsg } from "@codex/protocol";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, untilTurnEnd, userTurn } from "./helpers.ts";

setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Reads events until one satisfies `match`; returns it (without closing the stream). */
async function until(session: CodexSession, match: (msg: EventMsg) => boolean): Promise<EventMsg> {
  const iterator = session.events[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new Error("the session ended first");
    if (match(next.value.msg)) return next.value.msg;
  }
}

test("a running terminal is listed, stopped by clean_background_terminals, and its item completes", async () => {
  h = await harness();
  const cmd = { cmd: "echo ready; exec sleep 300", shell: "/bin/bash", login: false, yield_time_ms: 250 };
  h.server.enqueue(responsesStream([...functionCall("exec_command", cmd, "call_bg"), completed()]));
  h.server.enqueue(responsesStream([textResponse("started it"), completed()]));
  const session = h.start();
  await session.submit(userTurn("start a server"));
  await untilTurnEnd(session);

  await session.submit({ type: "list_background_terminals" });
  const listed = await until(session, (msg) => msg.type === "background_terminals_response");
  const terminals = listed.type === "background_terminals_response" ? listed.terminals : [];
  expect(terminals).toHaveLength(1);
  expect(terminals[0]).toMatchObject({ command: "/bin/bash -c 'echo ready; exec sleep 300'", tty: false });
  expect(terminals[0]?.cwd).toBe(h.workspace);

  await session.submit({ type: "clean_background_terminals" });
  const notice = await until(session, (msg) => msg.type === "background_event");
  expect(notice).toEqual({ type: "background_event", message: "Stopping all background terminals" });
  const done = await until(
    session,
    (msg) => msg.type === "item_completed" && msg.item.type === "command_execution",
  );
  expect(
    done.type === "item_completed" && done.item.type === "command_execution" && done.item.exit_code,
  ).toBe(143);

  await session.submit({ type: "list_background_terminals" });
  const after = await until(session, (msg) => msg.type === "background_terminals_response");
  expect(after).toEqual({ type: "background_terminals_response", terminals: [] });
});
