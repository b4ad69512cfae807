/**
 * What front ends ask the session instead of reading $CODEX_HOME or keeping their own copies:
 * the settings in force after an override, prompt history entries, custom prompts.
 */
import { afterEach, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

test("history: session_configured names the log and its size; entries are served by offset, oldest first", async () => {
  h = await harness();
  const lines = ["first", "second", "third"].map((text, i) =>
    JSON.stringify({ session_id: "earlier", ts: 1_700_000_000 + i, text }),
  );
  writeFileSync(join(h.codexHome, "history.jsonl"), `${lines.join("\n")}\n`);
  // Without asking, the log is not counted (exec does not recall prompts).
  expect(await next(h.start(), "session_configured")).toMatchObject({
    history_log_id: 0,
    history_entry_count: 0,
  });
  const session = h.start({ session: { promptHistory: true } });
  const configured = await next(session, "session_configured");
  expect(configured.history_entry_count).toBe(3);
  expect(configured.history_log_id).toBeGreaterThan(0);
  const log_id = configured.history_log_id;
  await session.submit({ type: "get_history_entry_request", offset: 2, log_id });
  expect(await next(session, "get_history_entry_response")).toMatchObject({
    offset: 2,
    log_id,
    entry: { conversation_id: "earlier", ts: 1_700_000_002, text: "third" },
  });
  // Out of range, or a log that is not this one: no entry.
  await session.submit({ type: "get_history_entry_request", offset: 3, log_id });
  expect((await next(session, "get_history_entry_response")).entry).toBeUndefined();
  await session.submit({ type: "get_history_entry_request", offset: 0, log_id: log_id + 1 });
  expect((await next(session, "get_history_entry_response")).entry).toBeUndefined();
});

test("history.persistence = none: no log is offered", async () => {
  h = await harness({ extraToml: '[history]\npersistence = "none"' });
  writeFileSync(join(h.codexHome, "history.jsonl"), '{"session_id":"a","ts":1,"text":"x"}\n');
  const configured = await next(h.start({ session: { promptHistory: true } }), "session_configured");
  expect(configured).toMatchObject({ history_log_id: 0, history_entry_count: 0 });
});

test("list_custom_prompts: the prompts folder's .md files, frontmatter read, by name", async () => {
  h = await harness();
  const dir = join(h.codexHome, "prompts");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "review.md"),
    "---\ndescription: Review a file\nargument-hint: FILE\n---\nReview $1\n",
  );
  writeFileSync(join(dir, "plain.md"), "Just do it");
  writeFileSync(join(dir, "notes.txt"), "not a prompt");
  const session = h.start();
  await session.submit({ type: "list_custom_prompts" });
  const { custom_prompts } = await next(session, "list_custom_prompts_response");
  expect(custom_prompts).toEqual([
    { name: "plain", path: join(dir, "plain.md"), content: "Just do it" },
    {
      name: "review",
      path: join(dir, "review.md"),
      content: "Review $1\n",
      description: "Review a file",
      argument_hint: "FILE",
    },
  ]);
});

test("list_custom_prompts without a prompts folder: an empty list", async () => {
  h = await harness();
  const session = h.start();
  await session.submit({ type: "list_custom_prompts" });
  expect((await next(session, "list_custom_prompts_response")).custom_prompts).toEqual([]);
});
