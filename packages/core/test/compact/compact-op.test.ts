/** The `compact` op (TUI `/compact`) and `add_to_history`, through a session and the mock server. */
import { afterEach, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ResponseItem } from "@codex/protocol";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { SUMMARIZATION_PROMPT } from "../../src/compact/prompt.ts";
import { messageTexts } from "../rollout/e2e-env.ts";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "../session/helpers.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const input = (index: number) =>
  ((h.server.requests[index]?.body ?? { input: [] }) as { input: ResponseItem[] }).input;

test("the compact op summarises now; the next turn sends the summary instead of the history", async () => {
  h = await harness();
  const session = h.start({ session: { persist: { source: "cli" } } });
  h.server.enqueue(responsesStream([textResponse("answer one"), completed()]));
  h.server.enqueue(responsesStream([textResponse("MANUAL-SUMMARY"), completed()]));
  h.server.enqueue(responsesStream([textResponse("answer two"), completed()]));
  await session.submit(userTurn("question one"));
  await untilTurnEnd(session);
  await session.submit({ type: "compact" });
  const compactEvents = await untilTurnEnd(session);
  expect(compactEvents.map((e) => e.type)).toContain("turn_started");
  expect(compactEvents.at(-1)?.type).toBe("turn_completed");
  expect(ofType(compactEvents, "background_event")[0]?.message).toMatch(/compacted/);
  expect(messageTexts(input(1)).at(-1)).toBe(`user:${SUMMARIZATION_PROMPT}`);
  await session.submit(userTurn("question two"));
  await untilTurnEnd(session);
  const texts = messageTexts(input(2));
  expect(texts.some((t) => t.includes("MANUAL-SUMMARY") && t.includes("question one"))).toBe(true);
  expect(texts).not.toContain("assistant:answer one");
  expect(texts.at(-1)).toBe("user:question two");
});

test("add_to_history appends to history.jsonl (0600); persistence none writes nothing", async () => {
  h = await harness();
  const session = h.start();
  await session.submit({ type: "add_to_history", text: "remember me" });
  await Bun.sleep(50);
  const path = join(h.codexHome, "history.jsonl");
  const entry = JSON.parse(readFileSync(path, "utf8").trim());
  expect(entry).toMatchObject({ session_id: session.id, text: "remember me" });
  expect(typeof entry.ts).toBe("number");
  expect(statSync(path).mode & 0o777).toBe(0o600);
  const quiet = h.start({ overrides: [["history.persistence", "none"]] });
  await quiet.submit({ type: "add_to_history", text: "forget me" });
  await Bun.sleep(50);
  expect(readFileSync(path, "utf8")).not.toContain("forget me");
});
