/**
 * What front ends ask the session instead of reading $CODEX_HOME or keeping their own copies:
 * the settings in force after an override.
 */
import { afterEach, expect, test } from "bun:test";
import type { CodexSession } from "@codex/core";
import type { Event } from "@codex/protocol";
import { type Harness, harness } from "./helpers.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The next event of `type` (earlier ones are skipped). */
async function next<T extends Event["msg"]["type"]>(
  session: CodexSession,
  type: T,
): Promise<Extract<Event["msg"], { type: T }> & { id: string }> {
  // A manual iterator: leaving a for-await loop would end the session's event stream.
  const events = session.events[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await events.next();
    if (done) throw new Error(`the session ended before ${type}`);
    if (value.msg.type === type)
      return { ...(value.msg as Extract<Event["msg"], { type: T }>), id: value.id };
  }
}

test("override_turn_context is confirmed with the settings now in force; a no-op override says nothing", async () => {
  h = await harness();
  const session = h.start();
  const id = await session.submit({ type: "override_turn_context", model: "gpt-5", effort: "high" });
  const changed = await next(session, "turn_context_changed");
  expect(changed).toMatchObject({
    id,
    model: "gpt-5",
    reasoning_effort: "high",
    approval_policy: "never",
    sandbox_policy: { mode: "danger-full-access" },
    cwd: h.workspace,
  });
  await session.submit({ type: "override_turn_context", model: "gpt-5" });
  await session.submit({ type: "override_turn_context", approval_policy: "on-request" });
  const second = await next(session, "turn_context_changed");
  expect(second).toMatchObject({ model: "gpt-5", approval_policy: "on-request" });
});
