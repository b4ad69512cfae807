/** The handshake and a streamed turn through `dist/codex app-server`, as an IDE extension drives it. */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  completed,
  httpError,
  reasoning,
  responsesStream,
  runCodex,
  stalledStream,
  textResponse,
} from "@codex/test-support";
import { type Harness, harness, textInput } from "./harness.ts";

setDefaultTimeout(60_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("codex app-server: lifecycle", () => {
  test("refuses requests before initialize, answers initialize once, ignores junk, exits 0 on EOF", async () => {
    h = await harness();
    const client = h.spawn();
    const early = await client.request("thread/list", {});
    expect(early.error).toEqual({ code: -32600, message: "Not initialized" });

    const init = await client.requestAs({
      id: "init-1",
      jsonrpc: "2.0",
      method: "initialize",
      params: { clientInfo: { name: "my_ide", version: "2.1" } },
    });
    expect(init.id).toBe("init-1");
    expect(init.result.codexHome).toBe(h.codexHome);
    expect(init.result.userAgent).toMatch(/^my_ide\/\S+ \(.+\) .+ \(my_ide; 2\.1\)$/);
    expect(init.result.platformFamily).toBe("unix");

    client.proc.writeStdin("this is not json\n");
    const again = await client.request("initialize", { clientInfo: { name: "my_ide", version: "2.1" } });
    expect(again.error).toEqual({ code: -32600, message: "Already initialized" });
    const unknown = await client.request("no/such/method", {});
    expect(unknown.error?.code).toBe(-32600);
    expect(unknown.error?.message).toContain("unknown variant `no/such/method`");
    const noParams = await client.request("thread/list");
    expect(noParams.error).toEqual({ code: -32600, message: "Invalid request: missing field `params`" });
    const badThread = await client.request("turn/start", { threadId: "nope", input: textInput("hi") });
    expect(badThread.error?.message).toContain("invalid thread id");

    const { code, stderr } = await client.close();
    expect(code).toBe(0);
    expect(client.strayLines).toEqual([]);
    expect(client.schemaErrors).toEqual([]);
    expect(stderr).not.toContain("panic");
  });
});

describe("codex app-server: what is not built", () => {
  test("the schema generators and other transports say so and fail", async () => {
    const generate = await runCodex(["app-server", "generate-json-schema", "--out", "schema-out"]);
    expect(generate.code).toBe(1);
    expect(generate.stderr).toContain("`codex app-server generate-json-schema` is not built yet");
    const listen = await runCodex(["app-server", "--listen", "ws://127.0.0.1:4500"]);
    expect(listen.code).toBe(2);
    expect(listen.stderr).toContain("use the default stdio:// transport");
  });
});

describe("codex app-server: a turn", () => {
  test("thread/start then turn/start stream the answer in 0.169's order; clientInfo.name is the originator", async () => {
    h = await harness();
    h.server.enqueue(
      responsesStream([
        textResponse("Hello there", { chunks: ["Hello", " there"] }),
        completed({ input_tokens: 11, cached: 3, output_tokens: 5 }),
      ]),
    );
    const client = h.spawn();
    await client.initialize("codex_vscode");
    const started = await client.request("thread/start", {
      cwd: h.cwd,
      approvalPolicy: "never",
      sandbox: "read-only",
    });
    const thread = started.result.thread;
    expect(thread.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(thread).toMatchObject({
      cwd: h.cwd,
      source: "vscode",
      originator: "codex_vscode",
      status: { type: "idle" },
    });
    expect(started.result).toMatchObject({
      approvalPolicy: "never",
      sandbox: { type: "readOnly" },
      model: "gpt-5-codex",
    });
    const announced = await client.notification("thread/started");
    expect(announced.params.thread.id).toBe(thread.id);

    const from = client.messages.length;
    const turnStart = await client.request("turn/start", { threadId: thread.id, input: textInput("say hi") });
    const turn = turnStart.result.turn;
    expect(turn).toMatchObject({ status: "inProgress", items: [] });
    expect(turn.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const done = await client.notification("turn/completed", from);

    expect(client.notificationMethods(from)).toEqual([
      "thread/status/changed",
      "turn/started",
      "item/started",
      "item/completed",
      "item/started",
      "item/agentMessage/delta",
      "item/agentMessage/delta",
      "item/completed",
      "thread/tokenUsage/updated",
      "thread/status/changed",
      "turn/completed",
    ]);
    const after = client.messages.slice(from);
    const deltas = after.filter((m) => m.method === "item/agentMessage/delta").map((m) => m.params.delta);
    expect(deltas).toEqual(["Hello", " there"]);
    const items = after.filter((m) => m.method === "item/completed").map((m) => m.params.item);
    expect(items[0]).toMatchObject({ type: "userMessage", content: [{ type: "text", text: "say hi" }] });
    expect(items[1]).toMatchObject({ type: "agentMessage", text: "Hello there" });
    const usage = after.find((m) => m.method === "thread/tokenUsage/updated")?.params;
    expect(usage).toMatchObject({ threadId: thread.id, turnId: turn.id });
    expect(usage.tokenUsage.last).toMatchObject({
      inputTokens: 11,
      cachedInputTokens: 3,
      outputTokens: 5,
      totalTokens: 16,
    });
    expect(after.filter((m) => m.method === "thread/status/changed").map((m) => m.params.status)).toEqual([
      { type: "active", activeFlags: [] },
      { type: "idle" },
    ]);
    expect(done.params.turn).toMatchObject({ id: turn.id, status: "completed", error: null });

    expect(h.server.requests[0]?.headers.originator).toBe("codex_vscode");
    expect(JSON.stringify(h.server.requests[0]?.body)).toContain("say hi");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("turn/interrupt during a stalled stream answers at once and completes the turn as interrupted", async () => {
    h = await harness();
    h.server.enqueue(stalledStream());
    const client = h.spawn();
    await client.initialize();
    const { result } = await client.request("thread/start", { cwd: h.cwd, approvalPolicy: "never" });
    const turnStart = await client.request("turn/start", {
      threadId: result.thread.id,
      input: textInput("wait"),
    });
    const turnId = turnStart.result.turn.id;
    await client.notification("turn/started");
    await h.server.waitForRequests(1);
    const interrupted = await client.request("turn/interrupt", { threadId: result.thread.id, turnId });
    expect(interrupted.result).toEqual({});
    const done = await client.notification("turn/completed");
    expect(done.params.turn).toMatchObject({ id: turnId, status: "interrupted", error: null });
    const idle = client.messages.findLastIndex(
      (m) => m.method === "thread/status/changed" && m.params.status.type === "idle",
    );
    expect(idle).toBeLessThan(client.messages.indexOf(done));
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("reasoning streams as summary deltas of a reasoning item before the answer", async () => {
    h = await harness();
    h.server.enqueue(responsesStream([reasoning("Thinking it over"), textResponse("Answer"), completed()]));
    const client = h.spawn();
    await client.initialize();
    const { result } = await client.request("thread/start", { cwd: h.cwd, approvalPolicy: "never" });
    await client.request("turn/start", { threadId: result.thread.id, input: textInput("think") });
    await client.notification("turn/completed");
    const delta = await client.notification("item/reasoning/summaryTextDelta");
    expect(delta.params).toMatchObject({ delta: "Thinking it over", summaryIndex: 0 });
    const completedItems = client.messages
      .filter((m) => m.method === "item/completed")
      .map((m) => m.params.item.type);
    expect(completedItems).toEqual(["userMessage", "reasoning", "agentMessage"]);
    const reasoningItem = client.messages.find(
      (m) => m.method === "item/completed" && m.params.item.type === "reasoning",
    );
    expect(reasoningItem?.params.item.summary).toEqual(["Thinking it over"]);
    expect(reasoningItem?.params.item.id).toBe(delta.params.itemId);
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("a model error fails the turn: an error notification, then turn/completed with status failed", async () => {
    h = await harness();
    h.server.enqueue(httpError(400, { error: { message: "bad request from mock" } }));
    const client = h.spawn();
    await client.initialize();
    const { result } = await client.request("thread/start", { cwd: h.cwd, approvalPolicy: "never" });
    await client.request("turn/start", { threadId: result.thread.id, input: textInput("fail please") });
    const done = await client.notification("turn/completed");
    expect(done.params.turn.status).toBe("failed");
    expect(done.params.turn.error.message).toContain("bad request from mock");
    const error = await client.notification("error");
    expect(error.params).toMatchObject({ threadId: result.thread.id, willRetry: false });
    expect(client.messages.indexOf(error)).toBeLessThan(client.messages.indexOf(done));
    // The thread stays usable.
    h.server.enqueue(responsesStream([textResponse("recovered"), completed()]));
    const from = client.messages.length;
    await client.request("turn/start", { threadId: result.thread.id, input: textInput("again") });
    expect((await client.notification("turn/completed", from)).params.turn.status).toBe("completed");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("notifications a client opted out of at initialize are not sent", async () => {
    h = await harness();
    h.server.enqueue(responsesStream([textResponse("quiet", { chunks: ["qu", "iet"] }), completed()]));
    const client = h.spawn();
    await client.initialize("codex_vscode", {
      optOutNotificationMethods: ["item/agentMessage/delta", "thread/started"],
    });
    const { result } = await client.request("thread/start", { cwd: h.cwd, approvalPolicy: "never" });
    await client.request("turn/start", { threadId: result.thread.id, input: textInput("hi") });
    const done = await client.notification("turn/completed");
    expect(done.params.turn.items[0].text).toBe("quiet");
    expect(client.notificationMethods()).not.toContain("item/agentMessage/delta");
    expect(client.notificationMethods()).not.toContain("thread/started");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });
});
