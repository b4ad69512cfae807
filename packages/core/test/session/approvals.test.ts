import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { ToolHandler } from "@codex/core";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/**
 * A tool that asks for approval before it "runs", and records where each run was placed.
 * `outsideSandbox`: approving it means running it without the sandbox (an escalation).
 */
function guardedTool(runs: string[], options: { outsideSandbox?: boolean } = {}): ToolHandler {
  return {
    spec: {
      type: "function",
      name: "deploy",
      description: "Deploys.",
      strict: false,
      parameters: { type: "object", properties: {} },
    },
    approval: (call, ctx) => ({
      type: "ask",
      request: {
        type: "exec",
        command: ["deploy", call.callId],
        cwd: ctx.cwd,
        reason: "ships to production",
      },
      sessionKey: "deploy",
      outsideSandbox: options.outsideSandbox ?? false,
    }),
    async run(call, ctx) {
      runs.push(`${call.callId}:${ctx.sandbox.type}`);
      return { output: "deployed", success: true };
    },
  };
}

function script(callIds: string[]): void {
  h.server.enqueue(
    responsesStream([...callIds.flatMap((id) => functionCall("deploy", {}, id)), completed()]),
  );
  h.server.enqueue(responsesStream([textResponse("done"), completed()]));
}

describe("approvals are events answered by ops", () => {
  test("approved escalation: the request event names the command, the op answers, the tool runs outside the sandbox", async () => {
    h = await harness();
    script(["c1"]);
    const runs: string[] = [];
    const session = h.start({
      flags: { approval_policy: "on-request", sandbox_mode: "workspace-write" },
      session: { builtinTools: [guardedTool(runs, { outsideSandbox: true })] },
    });
    await session.submit(userTurn("deploy"));
    const events = await untilTurnEnd(session, (event) => {
      if (event.msg.type === "exec_approval_request")
        void session.submit({ type: "exec_approval", call_id: event.msg.call_id, decision: "approved" });
    });
    expect(ofType(events, "exec_approval_request")).toEqual([
      {
        type: "exec_approval_request",
        call_id: "c1",
        command: ["deploy", "c1"],
        cwd: h.workspace,
        reason: "ships to production",
      },
    ]);
    expect(runs).toEqual(["c1:none"]);
    expect(events.at(-1)?.type).toBe("turn_completed");
  });

  test("denied: the model is told, the tool does not run", async () => {
    h = await harness();
    script(["c1"]);
    const runs: string[] = [];
    const session = h.start({
      flags: { approval_policy: "on-request" },
      session: { builtinTools: [guardedTool(runs)] },
    });
    await session.submit(userTurn("deploy"));
    await untilTurnEnd(session, (event) => {
      if (event.msg.type === "exec_approval_request")
        void session.submit({ type: "exec_approval", call_id: event.msg.call_id, decision: "denied" });
    });
    expect(runs).toEqual([]);
    const input = (h.server.requests[1]?.body as { input: unknown[] } | undefined)?.input ?? [];
    expect(input.at(-1)).toEqual({
      type: "function_call_output",
      call_id: "c1",
      output: "exec command rejected by user",
    });
  });

  test("approved for the session: later calls with the same key are not asked again, and stay sandboxed", async () => {
    h = await harness();
    script(["c1", "c2"]);
    const runs: string[] = [];
    const session = h.start({
      flags: { approval_policy: "on-request", sandbox_mode: "workspace-write" },
      session: { builtinTools: [guardedTool(runs)] },
    });
    await session.submit(userTurn("deploy twice"));
    const events = await untilTurnEnd(session, (event) => {
      if (event.msg.type === "exec_approval_request")
        void session.submit({
          type: "exec_approval",
          call_id: event.msg.call_id,
          decision: "approved_for_session",
        });
    });
    expect(ofType(events, "exec_approval_request")).toHaveLength(1);
    // An approval that is not an escalation lifts no sandbox.
    expect(runs).toEqual(["c1:sandboxed", "c2:sandboxed"]);
  });

  test("abort: the turn ends as interrupted; the next request answers every call 'aborted by user'", async () => {
    h = await harness();
    script(["c1", "c2"]);
    const runs: string[] = [];
    const session = h.start({
      flags: { approval_policy: "on-request" },
      session: { builtinTools: [guardedTool(runs)] },
    });
    await session.submit(userTurn("deploy"));
    const events = await untilTurnEnd(session, (event) => {
      if (event.msg.type === "exec_approval_request")
        void session.submit({ type: "exec_approval", call_id: event.msg.call_id, decision: "abort" });
    });
    expect(events.at(-1)).toMatchObject({ type: "turn_aborted", reason: "interrupted" });
    expect(ofType(events, "exec_approval_request")).toHaveLength(1);
    expect(runs).toEqual([]);

    await session.submit(userTurn("next"));
    await untilTurnEnd(session);
    const input = (h.server.lastRequest().body as { input: Array<Record<string, unknown>> }).input;
    const tail = input
      .slice(-6)
      .map((item) =>
        item.type === "message"
          ? `${item.role}:${(item.content as Array<{ text: string }>)[0]?.text.split("\n")[0]}`
          : `${item.type}:${item.call_id}${item.output !== undefined ? `=${item.output}` : ""}`,
      );
    expect(tail).toEqual([
      "function_call:c1",
      "function_call_output:c1=aborted by user",
      "function_call:c2",
      "function_call_output:c2=aborted by user",
      "user:<turn_aborted>",
      "user:next",
    ]);
  });

  test("policy never: a call that needs approval is refused without asking", async () => {
    h = await harness();
    script(["c1"]);
    const runs: string[] = [];
    const session = h.start({
      flags: { approval_policy: "never" },
      session: { builtinTools: [guardedTool(runs)] },
    });
    await session.submit(userTurn("deploy"));
    const events = await untilTurnEnd(session);
    expect(ofType(events, "exec_approval_request")).toHaveLength(0);
    expect(runs).toEqual([]);
  });
});
