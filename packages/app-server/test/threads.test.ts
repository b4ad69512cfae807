/** Threads outlive the server: list, read and resume them after a restart. */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
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
});
