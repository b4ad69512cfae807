/** Approvals as server→client requests: a declined command never runs, an accepted one does. */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { completed, customToolCall, functionCall, responsesStream, textResponse } from "@codex/test-support";
import type { AppServerClient, Message } from "./client.ts";
import { type Harness, harness, textInput } from "./harness.ts";

setDefaultTimeout(60_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function scriptCommand(script: string, callId: string): ReturnType<typeof responsesStream> {
  return responsesStream([
    functionCall("shell", { command: ["bash", "-c", script] }, callId),
    completed({ input_tokens: 5, output_tokens: 1 }),
  ]);
}

async function untrustedThread(client: AppServerClient, cwd: string): Promise<string> {
  await client.initialize();
  const started = await client.request("thread/start", {
    cwd,
    approvalPolicy: "untrusted",
    sandbox: "workspace-write",
  });
  return started.result.thread.id;
}

/** The output the model was given for `callId` in a later request. */
function toolOutput(h: Harness, callId: string): string {
  for (const request of h.server.requests) {
    const input = (request.body as { input?: Array<Record<string, unknown>> } | null)?.input ?? [];
    const found = input.find((item) => item.type === "function_call_output" && item.call_id === callId);
    if (found) return JSON.stringify(found.output);
  }
  return "";
}

describe("codex app-server: command approvals", () => {
  test("declined: the request lists the decisions, serverRequest/resolved follows, the command never runs", async () => {
    h = await harness();
    h.server.enqueue(scriptCommand("echo ran > marker.txt", "call_decline"));
    h.server.enqueue(responsesStream([textResponse("ok, not running it"), completed()]));
    const client = h.spawn();
    const threadId = await untrustedThread(client, h.cwd);
    const from = client.messages.length;
    const turn = await client.request("turn/start", { threadId, input: textInput("make a marker") });
    const ask = await client.waitFor((m) => m.method === "item/commandExecution/requestApproval", from);
    expect(typeof ask.id).toBe("number");
    expect(ask.params).toMatchObject({
      threadId,
      turnId: turn.result.turn.id,
      itemId: "call_decline",
      cwd: h.cwd,
      command: "bash -c 'echo ran > marker.txt'",
    });
    // As 0.169 under "untrusted": a line that is not plain commands is proposed whole as the rule.
    const rule = { execpolicy_amendment: ["bash", "-c", "echo ran > marker.txt"] };
    expect(ask.params.availableDecisions).toEqual([
      "accept",
      { acceptWithExecpolicyAmendment: rule },
      "acceptForSession",
      "decline",
      "cancel",
    ]);
    const waiting = client.messages
      .slice(from)
      .find(
        (m) =>
          m.method === "thread/status/changed" && m.params.status.activeFlags?.includes("waitingOnApproval"),
      );
    expect(waiting).toBeDefined();

    client.send({ id: ask.id, result: { decision: "decline" } });
    const resolved = await client.notification("serverRequest/resolved", from);
    expect(resolved.params).toEqual({ threadId, requestId: ask.id });
    const done = await client.notification("turn/completed", from);
    expect(done.params.turn.status).toBe("completed");

    const commandItems = client.messages
      .slice(from)
      .filter((m: Message) => m.method?.startsWith("item/") && m.params.item?.type === "commandExecution");
    expect(commandItems.map((m) => [m.method, m.params.item.id, m.params.item.status])).toEqual([
      ["item/started", "call_decline", "inProgress"],
      ["item/completed", "call_decline", "declined"],
    ]);
    expect(existsSync(join(h.cwd, "marker.txt"))).toBe(false);
    expect(toolOutput(h, "call_decline")).toContain("rejected by user");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("accepted: the command runs under the same item id, with its output streamed", async () => {
    h = await harness();
    h.server.enqueue(scriptCommand("echo ran > marker.txt; echo hello-out", "call_accept"));
    h.server.enqueue(responsesStream([textResponse("done"), completed()]));
    const client = h.spawn();
    const threadId = await untrustedThread(client, h.cwd);
    const from = client.messages.length;
    await client.request("turn/start", { threadId, input: textInput("make a marker") });
    const ask = await client.waitFor((m) => m.method === "item/commandExecution/requestApproval", from);
    client.send({ id: ask.id, result: { decision: "accept" } });
    await client.notification("turn/completed", from);

    expect(readFileSync(join(h.cwd, "marker.txt"), "utf8")).toBe("ran\n");
    const after = client.messages.slice(from);
    const resolvedAt = after.findIndex((m) => m.method === "serverRequest/resolved");
    expect(resolvedAt).toBeGreaterThan(after.indexOf(ask));
    const commandEvents = after.filter((m) => m.params?.item?.type === "commandExecution");
    expect(commandEvents.map((m) => m.method)).toEqual(["item/started", "item/completed"]);
    expect(commandEvents[1]?.params.item).toMatchObject({
      id: "call_accept",
      status: "completed",
      exitCode: 0,
      aggregatedOutput: "hello-out\n",
      commandActions: [{ type: "unknown", command: "echo ran > marker.txt; echo hello-out" }],
    });
    const output = after
      .filter((m) => m.method === "item/commandExecution/outputDelta")
      .map((m) => m.params.delta)
      .join("");
    expect(output).toBe("hello-out\n");
    expect(toolOutput(h, "call_accept")).toContain("hello-out");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });
});

describe("codex app-server: file-change approvals", () => {
  test("a patch asks with item/fileChange/requestApproval; declined it writes nothing, accepted it applies", async () => {
    h = await harness();
    const patch = (name: string) => `*** Begin Patch\n*** Add File: ${name}\n+hello\n*** End Patch\n`;
    h.server.enqueue(
      responsesStream([customToolCall("apply_patch", patch("declined.txt"), "call_p1"), completed()]),
    );
    h.server.enqueue(
      responsesStream([customToolCall("apply_patch", patch("accepted.txt"), "call_p2"), completed()]),
    );
    h.server.enqueue(responsesStream([textResponse("done"), completed()]));
    const client = h.spawn();
    await client.initialize();
    const started = await client.request("thread/start", {
      cwd: h.cwd,
      approvalPolicy: "untrusted",
      sandbox: "read-only",
    });
    const threadId = started.result.thread.id;
    await client.request("turn/start", { threadId, input: textInput("add files") });

    const first = await client.waitFor((m) => m.method === "item/fileChange/requestApproval");
    expect(first.params).toMatchObject({ threadId, itemId: "call_p1" });
    client.send({ id: first.id, result: { decision: "decline" } });
    const second = await client.waitFor(
      (m) => m.method === "item/fileChange/requestApproval" && m.id !== first.id,
    );
    expect(second.params.itemId).toBe("call_p2");
    client.send({ id: second.id, result: { decision: "accept" } });
    await client.notification("turn/completed");

    expect(existsSync(join(h.cwd, "declined.txt"))).toBe(false);
    expect(readFileSync(join(h.cwd, "accepted.txt"), "utf8")).toBe("hello\n");
    const completedChanges = client.messages
      .filter((m) => m.method === "item/completed" && m.params.item.type === "fileChange")
      .map((m) => [m.params.item.id, m.params.item.status, m.params.item.changes[0]?.path]);
    expect(completedChanges).toEqual([
      ["call_p1", "declined", expect.stringContaining("declined.txt")],
      ["call_p2", "completed", expect.stringContaining("accepted.txt")],
    ]);
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });
});
