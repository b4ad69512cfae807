/** Threads outlive the server: list, read and resume them after a restart. */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, textInput } from "./harness.ts";

setDefaultTimeout(60_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("codex app-server: threads across a restart", () => {
  test("thread/list and thread/read find the saved thread; thread/resume continues it with its history", async () => {
    h = await harness();
    h.server.enqueue(responsesStream([textResponse("first answer"), completed()]));
    h.server.enqueue(responsesStream([textResponse("second answer"), completed()]));

    const first = h.spawn();
    await first.initialize();
    const started = await first.request("thread/start", { cwd: h.cwd, approvalPolicy: "never" });
    const threadId = started.result.thread.id;
    await first.request("turn/start", { threadId, input: textInput("remember the word kumquat") });
    await first.notification("turn/completed");
    expect((await first.close()).code).toBe(0);

    const second = h.spawn();
    await second.initialize();
    const list = await second.request("thread/list", {});
    expect(list.result.data.map((t: { id: string }) => t.id)).toEqual([threadId]);
    expect(list.result.data[0]).toMatchObject({
      preview: "remember the word kumquat",
      status: { type: "notLoaded" },
      source: "vscode",
      cwd: h.cwd,
    });
    const read = await second.request("thread/read", { threadId, includeTurns: true });
    const turns = read.result.thread.turns;
    expect(turns).toHaveLength(1);
    expect(turns[0].items.map((item: { type: string }) => item.type)).toEqual([
      "userMessage",
      "agentMessage",
    ]);
    expect(turns[0].items[1].text).toBe("first answer");

    const resumed = await second.request("thread/resume", { threadId });
    expect(resumed.result.thread).toMatchObject({ id: threadId, status: { type: "idle" } });
    expect(resumed.result.thread.turns).toHaveLength(1);
    const from = second.messages.length;
    await second.request("turn/start", { threadId, input: textInput("what was the word?") });
    const done = await second.notification("turn/completed", from);
    expect(done.params.turn.status).toBe("completed");
    const body = JSON.stringify(h.server.requests[1]?.body);
    expect(body).toContain("kumquat");
    expect(body).toContain("first answer");

    const missing = await second.request("thread/read", { threadId: "01a24079-0000-7000-8000-000000000000" });
    expect(missing.error?.message).toContain("thread not loaded");
    expect((await second.close()).code).toBe(0);
    expect(first.schemaErrors).toEqual([]);
    expect(second.schemaErrors).toEqual([]);
  });

  test("thread/fork copies the conversation into a new thread; the original is left as it was", async () => {
    h = await harness();
    h.server.enqueue(responsesStream([textResponse("noted"), completed()]));
    h.server.enqueue(responsesStream([textResponse("forked answer"), completed()]));
    const client = h.spawn();
    await client.initialize();
    const started = await client.request("thread/start", { cwd: h.cwd, approvalPolicy: "never" });
    const sourceId = started.result.thread.id;
    await client.request("turn/start", { threadId: sourceId, input: textInput("the password is swordfish") });
    await client.notification("turn/completed");
    const sourceFile = readFileSync(started.result.thread.path, "utf8");

    const from = client.messages.length;
    const fork = await client.request("thread/fork", { threadId: sourceId });
    const forked = fork.result.thread;
    expect(forked.id).not.toBe(sourceId);
    expect(forked).toMatchObject({ forkedFromId: sourceId, status: { type: "idle" } });
    expect(forked.turns).toHaveLength(1);
    expect(forked.path).not.toBe(started.result.thread.path);
    expect((await client.notification("thread/started", from)).params.thread.id).toBe(forked.id);

    await client.request("turn/start", { threadId: forked.id, input: textInput("what is the password?") });
    await client.waitFor((m) => m.method === "turn/completed" && m.params.threadId === forked.id, from);
    expect(JSON.stringify(h.server.requests[1]?.body)).toContain("swordfish");
    expect(readFileSync(started.result.thread.path, "utf8")).toBe(sourceFile);
    const list = await client.request("thread/list", {});
    expect(list.result.data.map((t: { id: string }) => t.id).sort()).toEqual([sourceId, forked.id].sort());
    const loaded = await client.request("thread/loaded/list", {});
    expect(loaded.result.data).toEqual([sourceId, forked.id]);
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("thread/revert drops a turn and the ones after it, from the model's view and from the saved thread", async () => {
    h = await harness();
    for (const answer of ["one", "two", "after revert", "after restart"])
      h.server.enqueue(responsesStream([textResponse(answer), completed()]));
    const first = h.spawn();
    await first.initialize();
    const started = await first.request("thread/start", { cwd: h.cwd, approvalPolicy: "never" });
    const threadId = started.result.thread.id;
    const turnIds: string[] = [];
    for (const text of ["my fruit is apple", "my fruit is banana"]) {
      const from = first.messages.length;
      const turn = await first.request("turn/start", { threadId, input: textInput(text) });
      turnIds.push(turn.result.turn.id);
      await first.notification("turn/completed", from);
    }

    const from = first.messages.length;
    const reverted = await first.request("thread/revert", { threadId, beforeTurnId: turnIds[1] });
    expect(reverted.error).toBeUndefined();
    expect(reverted.result.thread).toMatchObject({ id: threadId, turns: [] });
    expect((await first.notification("thread/reverted", from)).params).toEqual({ threadId });
    const read = await first.request("thread/read", { threadId, includeTurns: true });
    expect(read.result.thread.turns.map((t: { id: string }) => t.id)).toEqual([turnIds[0]]);
    await first.request("turn/start", { threadId, input: textInput("which fruit?") });
    await first.notification("turn/completed", from);
    const body = JSON.stringify(h.server.requests[2]?.body);
    expect(body).toContain("apple");
    expect(body).not.toContain("banana");
    const missing = await first.request("thread/revert", { threadId, beforeTurnId: "no-such-turn" });
    expect(missing.error?.message).toContain("no turn no-such-turn");
    expect((await first.close()).code).toBe(0);

    const second = h.spawn();
    await second.initialize();
    const saved = await second.request("thread/read", { threadId, includeTurns: true });
    const savedTexts = saved.result.thread.turns.map(
      (t: { items: Array<{ content?: Array<{ text: string }> }> }) => t.items[0]?.content?.[0]?.text,
    );
    expect(savedTexts).toEqual(["my fruit is apple", "which fruit?"]);
    const lastSavedTurn = saved.result.thread.turns[1].id;
    const again = await second.request("thread/revert", { threadId, beforeTurnId: lastSavedTurn });
    expect(again.error).toBeUndefined();
    const afterRestart = await second.request("thread/read", { threadId, includeTurns: true });
    expect(afterRestart.result.thread.turns).toHaveLength(1);
    await second.request("turn/start", { threadId, input: textInput("and now?") });
    await second.notification("turn/completed");
    const lastBody = JSON.stringify(h.server.requests[3]?.body);
    expect(lastBody).toContain("apple");
    expect(lastBody).not.toContain("which fruit?");
    expect((await second.close()).code).toBe(0);
    expect(first.schemaErrors).toEqual([]);
    expect(second.schemaErrors).toEqual([]);
  });
});
