/**
 * Through dist/codex exec: a tool call runs at most once, even when the stream that carried it
 * breaks and is retried, and the stream is read while the call runs.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResponseItem } from "@codex/protocol";
import {
  completed,
  droppedStream,
  functionCall,
  jsonLines,
  type RecordedRequest,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { type SessionEnv, sessionEnv } from "../rollout/e2e-env.ts";

setDefaultTimeout(60_000);

let env: SessionEnv;
afterEach(async () => {
  await env?.close();
});

describe("a tool call runs at most once", () => {
  test("a stream cut after a tool call: the command ran once, and the retry sends the call with its output", async () => {
    env = await sessionEnv({ streamMaxRetries: 2 });
    const counter = join(env.workspace, "runs");
    const count = functionCall(
      "shell",
      { command: ["bash", "-c", `sleep 1; echo ran >> '${counter}'`] },
      "call-1",
    );
    // Ends the body before response.completed (a reset could discard frames the client has not read).
    env.server.enqueue(droppedStream([textResponse("Counting."), count]));
    // As a model would: it makes the call again unless the request shows that it already ran.
    const model = (request: RecordedRequest) => {
      const input = (request.body as { input: ResponseItem[] }).input;
      const ran = input.some((item) => item.type === "function_call_output" && item.call_id === "call-1");
      return responsesStream(ran ? [textResponse("Counted once."), completed()] : [count, completed()]);
    };
    env.server.enqueue(model).enqueue(model);

    const result = await env.exec(["--json", "-s", "danger-full-access", "count"]);

    expect(result.code).toBe(0);
    expect(readFileSync(counter, "utf8")).toBe("ran\n");
    expect(env.server.requests).toHaveLength(2);
    const retried = env.input(1);
    const tail = retried.slice(-3);
    expect(tail[0]).toMatchObject({ type: "message", role: "assistant" });
    expect(tail[1]).toMatchObject({ type: "function_call", call_id: "call-1" });
    expect(tail[2]).toMatchObject({ type: "function_call_output", call_id: "call-1" });
    expect((tail[2] as { output: string }).output).toContain("Exit code: 0");
    // As 0.169: the command finishes, then the reconnect notice, then the retried response.
    const events = jsonLines(result.stdout);
    const commandDone = events.findIndex(
      (e) => e.type === "item.completed" && (e.item as { type: string }).type === "command_execution",
    );
    const notice = events.findIndex(
      (e) => e.type === "error" && String(e.message).startsWith("Reconnecting... 1/"),
    );
    expect(commandDone).toBeGreaterThan(-1);
    expect(notice).toBeGreaterThan(commandDone);
    expect(events.at(-1)?.type).toBe("turn.completed");
  });

  test("the stream is read while a command runs", async () => {
    env = await sessionEnv();
    const gate = join(env.workspace, "gate");
    // The command waits until the test has seen the message that follows the call in the stream.
    env.server.enqueue(
      responsesStream([
        functionCall(
          "shell",
          { command: ["bash", "-c", `until [ -e '${gate}' ]; do sleep 0.05; done; echo through`] },
          "call-1",
        ),
        textResponse("Still streaming."),
        completed(),
      ]),
    );
    env.server.enqueue(responsesStream([textResponse("Done."), completed()]));
    const proc = env.spawnExec(["--json", "-s", "danger-full-access", "wait for the gate"]);
    proc.closeStdin();
    const seen: Array<Record<string, unknown>> = [];
    for await (const line of proc.lines()) {
      const event = JSON.parse(line) as Record<string, unknown>;
      seen.push(event);
      const item = event.item as { type?: string; text?: string } | undefined;
      if (event.type === "item.completed" && item?.text === "Still streaming.") writeFileSync(gate, "");
    }
    const result = await proc.wait();
    expect(result.code).toBe(0);
    expect(existsSync(gate)).toBe(true);
    const order = seen.flatMap((e) =>
      e.type === "item.completed" ? [(e.item as { type: string }).type] : [],
    );
    expect(order).toEqual(["agent_message", "command_execution", "agent_message"]);
    const command = seen.find(
      (e) => e.type === "item.completed" && (e.item as { type: string }).type === "command_execution",
    );
    expect(command?.item).toMatchObject({ exit_code: 0, aggregated_output: "through\n" });
  });
});
