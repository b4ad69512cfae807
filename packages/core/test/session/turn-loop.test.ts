import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  completed,
  failed,
  functionCall,
  reasoning,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

type Body = { input: Array<Record<string, unknown>>; instructions: string; tools: Array<{ name?: string }> };
const body = (i: number): Body => h.server.requests[i]?.body as Body;

describe("turn loop", () => {
  test("a plain answer: session_configured, turn_started, deltas, agent message, usage, turn_completed", async () => {
    h = await harness();
    h.server.enqueue(
      responsesStream([
        textResponse("Hello there", { chunks: ["Hello", " there"] }),
        completed({ input_tokens: 12, output_tokens: 3 }),
      ]),
    );
    const session = h.start();
    await session.submit(userTurn("say hi"));
    const events = await untilTurnEnd(session);
    expect(events[0]?.type).toBe("session_configured");
    expect(events[1]?.type).toBe("turn_started");
    expect(ofType(events, "agent_message_delta").map((d) => d.delta)).toEqual(["Hello", " there"]);
    expect(ofType(events, "item_completed").map((e) => e.item)).toEqual([
      { id: "item_0", type: "agent_message", text: "Hello there" },
    ]);
    const done = ofType(events, "turn_completed")[0];
    expect(done?.last_agent_message).toBe("Hello there");
    expect(done?.usage).toMatchObject({ input_tokens: 12, output_tokens: 3 });
    expect(ofType(events, "token_count")).toHaveLength(1);
  });

  test("the request carries instructions, the environment context and the user message", async () => {
    h = await harness();
    h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const session = h.start({ flags: { sandbox_mode: "workspace-write" } });
    await session.submit(userTurn("do it"));
    await untilTurnEnd(session);
    const { input, instructions } = body(0);
    expect(instructions).toContain("apply_patch");
    const texts = input.map((item) => (item.content as Array<{ text: string }>)[0]?.text);
    expect(texts[0]).toStartWith(
      `<environment_context>\n  <cwd>${h.workspace}</cwd>\n  <approval_policy>never</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n`,
    );
    expect(texts[0]).toEndWith("</environment_context>");
    expect(texts[1]).toBe("do it");
    expect(body(0).tools.map((t) => t.name)).toContain("exec_command");
  });

  test("multi-step: tool calls run, their outputs go back, a message plus a call continues the turn", async () => {
    h = await harness();
    h.server.enqueue(
      responsesStream([
        reasoning("**Planning** list files"),
        functionCall("shell", { command: ["bash", "-c", "echo hello-from-shell"] }, "call_1"),
        completed({ input_tokens: 100, output_tokens: 10 }),
      ]),
    );
    h.server.enqueue(
      responsesStream([
        textResponse("Now the other one"),
        functionCall("no_such_tool", {}, "call_2"),
        completed({ input_tokens: 200, output_tokens: 20 }),
      ]),
    );
    h.server.enqueue(
      responsesStream([textResponse("All done."), completed({ input_tokens: 300, output_tokens: 30 })]),
    );
    const session = h.start();
    await session.submit(userTurn("list"));
    const events = await untilTurnEnd(session);
    const items = ofType(events, "item_completed").map((e) => e.item);
    expect(items.map((i) => `${i.id}:${i.type}`)).toEqual([
      "item_0:reasoning",
      "item_1:command_execution",
      "item_2:agent_message",
      "item_3:agent_message",
    ]);
    expect(items[1]).toMatchObject({
      aggregated_output: "hello-from-shell\n",
      exit_code: 0,
      status: "completed",
    });
    expect(ofType(events, "item_started").map((e) => e.item.id)).toEqual(["item_1"]);
    expect(h.server.requests).toHaveLength(3);
    const outputs = body(2).input.filter((i) => i.type === "function_call_output");
    expect(outputs[0]?.call_id).toBe("call_1");
    expect(String(outputs[0]?.output)).toContain("hello-from-shell");
    expect(outputs[1]).toEqual({
      type: "function_call_output",
      call_id: "call_2",
      output: "unsupported call: no_such_tool",
    });
    expect(ofType(events, "turn_completed")[0]?.usage).toMatchObject({
      input_tokens: 600,
      output_tokens: 60,
    });
  });

  test("update_plan is unsupported unless the plan tool is included", async () => {
    h = await harness();
    h.server.enqueue(
      responsesStream([
        functionCall("update_plan", { plan: [{ step: "a", status: "pending" }] }, "p1"),
        completed(),
      ]),
    );
    h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const session = h.start();
    await session.submit(userTurn("plan"));
    await untilTurnEnd(session);
    expect(body(1).tools.map((t) => t.name)).not.toContain("update_plan");
    expect(body(1).input.at(-1)).toEqual({
      type: "function_call_output",
      call_id: "p1",
      output: "unsupported call: update_plan",
    });
  });

  test("outside danger-full-access a command is never run unsandboxed", async () => {
    h = await harness();
    const marker = join(h.workspace, "marker");
    h.server.enqueue(
      responsesStream([functionCall("shell", { command: ["touch", marker] }, "c1"), completed()]),
    );
    h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const session = h.start({ flags: { sandbox_mode: "read-only" } });
    await session.submit(userTurn("touch"));
    await untilTurnEnd(session);
    expect(existsSync(marker)).toBe(false);
    const output = body(1).input.find((i) => i.type === "function_call_output");
    expect(String(output?.output).length).toBeGreaterThan(0);
  });

  test("usage is cumulative across turns of the thread", async () => {
    h = await harness();
    h.server.enqueue(
      responsesStream([textResponse("one"), completed({ input_tokens: 10, output_tokens: 1 })]),
    );
    h.server.enqueue(
      responsesStream([textResponse("two"), completed({ input_tokens: 20, output_tokens: 2 })]),
    );
    const session = h.start();
    await session.submit(userTurn("first"));
    const first = await untilTurnEnd(session);
    await session.submit(userTurn("second"));
    const second = await untilTurnEnd(session);
    expect(ofType(first, "turn_completed")[0]?.usage.input_tokens).toBe(10);
    expect(ofType(second, "turn_completed")[0]?.usage).toMatchObject({ input_tokens: 30, output_tokens: 3 });
    // The second request resends the whole conversation, the first answer included.
    const texts = body(1).input.map((i) => JSON.stringify(i));
    expect(texts.some((t) => t.includes('"one"'))).toBe(true);
    expect(ofType(second, "item_completed")[0]?.item.id).toBe("item_1");
  });

  test("response.failed is reported once as error then turn_failed", async () => {
    h = await harness();
    h.server.enqueue(responsesStream([failed({ message: "boom from mock" })]));
    const session = h.start();
    await session.submit(userTurn("x"));
    const events = await untilTurnEnd(session);
    expect(ofType(events, "error").map((e) => e.message)).toEqual([
      "stream disconnected before completion: boom from mock",
    ]);
    expect(events.at(-1)).toMatchObject({
      type: "turn_failed",
      error: { message: "stream disconnected before completion: boom from mock" },
    });
  });
  test("an unreadable image fails the turn with one clear error; the next turn still carries the context", async () => {
    h = await harness();
    h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const session = h.start();
    await session.submit({ type: "user_turn", items: [{ type: "local_image", path: "missing.png" }] });
    const failedTurn = await untilTurnEnd(session);
    expect(ofType(failedTurn, "error").map((e) => e.message)).toEqual([
      `cannot read image ${join(h.workspace, "missing.png")}: ENOENT`,
    ]);
    expect(failedTurn.at(-1)?.type).toBe("turn_failed");
    await session.submit(userTurn("again"));
    await untilTurnEnd(session);
    expect(h.server.requests).toHaveLength(1);
    expect(JSON.stringify(body(0).input[0])).toContain("<environment_context>");
  });
});
