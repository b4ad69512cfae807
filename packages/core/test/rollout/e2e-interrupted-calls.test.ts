/**
 * Through dist/codex exec: a turn stopped by Ctrl-C, SIGTERM or SIGKILL keeps the tool calls that
 * ran, each with its output, and `codex exec resume` sends a history the model accepts (every call
 * answered).
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { ResponseItem } from "@codex/protocol";
import {
  completed,
  functionCall,
  noResponse,
  responsesStream,
  stalledStream,
  textResponse,
} from "@codex/test-support";
import { messageTexts, readRolloutLines, type SessionEnv, sessionEnv } from "./e2e-env.ts";

setDefaultTimeout(60_000);

let env: SessionEnv;
afterEach(async () => {
  await env?.close();
});

type Proc = ReturnType<SessionEnv["spawnExec"]>;

/** Reads exec --json lines until one matches. */
async function waitForLine(proc: Proc, match: (event: Record<string, unknown>) => boolean): Promise<void> {
  for await (const line of proc.lines()) if (match(JSON.parse(line))) return;
  throw new Error("exec ended before the awaited event");
}

const commandEvent = (type: "item.started" | "item.completed") => (e: Record<string, unknown>) =>
  e.type === type && (e.item as { type: string }).type === "command_execution";

/** The rollout's response items. */
function recordedItems(env: SessionEnv): ResponseItem[] {
  const lines = readRolloutLines(env.rolloutFiles()[0] as string);
  return lines.filter((l) => l.type === "response_item").map((l) => l.payload as unknown as ResponseItem);
}

/** Every call in `input` is followed, somewhere after it, by its output; no output lacks its call. */
function expectEveryCallAnswered(input: readonly ResponseItem[]): void {
  const calls = input.flatMap((i) => (i.type === "function_call" ? [i.call_id] : []));
  const outputs = input.flatMap((i) => (i.type === "function_call_output" ? [i.call_id] : []));
  expect(outputs.sort()).toEqual(calls.sort());
  for (const id of calls) {
    const call = input.findIndex((i) => i.type === "function_call" && i.call_id === id);
    const output = input.findIndex((i) => i.type === "function_call_output" && i.call_id === id);
    expect(output).toBeGreaterThan(call);
  }
}

function outputOf(items: readonly ResponseItem[], callId: string): string | undefined {
  const item = items.find((i) => i.type === "function_call_output" && i.call_id === callId);
  return (item as { output?: string } | undefined)?.output;
}

async function resumeAndGetInput(env: SessionEnv): Promise<ResponseItem[]> {
  const before = env.server.requests.length;
  env.server.enqueue(responsesStream([textResponse("Back."), completed()]));
  const resumed = await env.exec(["--json", "resume", "--last", "go on"]);
  expect(resumed.code).toBe(0);
  const input = env.input(before);
  expectEveryCallAnswered(input);
  expect(messageTexts(input).at(-1)).toBe("user:go on");
  return input;
}

describe("interrupted turns keep the tool calls that ran", () => {
  test.each(["SIGINT", "SIGTERM"] as const)(
    "%s while a command runs: the call is recorded with 'aborted by user', and resume sends it",
    async (signal) => {
      env = await sessionEnv();
      env.server.enqueue(
        responsesStream([functionCall("shell", { command: ["sleep", "30"] }, "call-1"), completed()]),
      );
      const proc = env.spawnExec(["--json", "-s", "danger-full-access", "sleep a while"]);
      proc.closeStdin();
      await waitForLine(proc, commandEvent("item.started"));
      proc.kill(signal);
      const result = await proc.wait();
      expect(result.timedOut).toBe(false);

      const recorded = recordedItems(env);
      expect(recorded.find((i) => i.type === "function_call")).toMatchObject({ call_id: "call-1" });
      expect(outputOf(recorded, "call-1")).toBe("aborted by user");
      // The model is told the stop was the user's doing.
      expect(messageTexts(recorded).at(-1)).toStartWith("user:<turn_aborted>");

      const input = await resumeAndGetInput(env);
      expect(outputOf(input, "call-1")).toBe("aborted by user");
    },
  );

  test("SIGKILL while a command runs: the call is recorded, and resume answers it with 'aborted'", async () => {
    env = await sessionEnv();
    env.server.enqueue(
      responsesStream([functionCall("shell", { command: ["sleep", "30"] }, "call-1"), completed()]),
    );
    const proc = env.spawnExec(["--json", "-s", "danger-full-access", "sleep a while"]);
    proc.closeStdin();
    await waitForLine(proc, commandEvent("item.started"));
    proc.kill("SIGKILL");
    await proc.wait();

    expect(recordedItems(env).find((i) => i.type === "function_call")).toMatchObject({ call_id: "call-1" });
    const input = await resumeAndGetInput(env);
    expect(outputOf(input, "call-1")).toBe("aborted");
  });

  test("SIGKILL right after a command finished, its response still streaming: the real output is kept", async () => {
    env = await sessionEnv();
    // The response goes quiet after the call: the turn is still in its first model call.
    env.server.enqueue(stalledStream([functionCall("shell", { command: ["echo", "it-ran"] }, "call-1")]));
    const proc = env.spawnExec(["--json", "-s", "danger-full-access", "echo something"]);
    proc.closeStdin();
    await waitForLine(proc, commandEvent("item.completed"));
    proc.kill("SIGKILL");
    await proc.wait();

    expect(outputOf(recordedItems(env), "call-1")).toContain("it-ran");
    const input = await resumeAndGetInput(env);
    expect(outputOf(input, "call-1")).toContain("it-ran");
  });

  test("SIGTERM while waiting for the next response: the finished call keeps its real output", async () => {
    env = await sessionEnv();
    env.server.enqueue(
      responsesStream([functionCall("shell", { command: ["echo", "it-ran"] }, "call-1"), completed()]),
    );
    env.server.enqueue(noResponse());
    const proc = env.spawnExec(["--json", "-s", "danger-full-access", "echo something"]);
    proc.closeStdin();
    await env.server.waitForRequests(2, { timeoutMs: 30_000 });
    proc.kill("SIGTERM");
    await proc.wait();

    const input = await resumeAndGetInput(env);
    expect(outputOf(input, "call-1")).toContain("it-ran");
    expect(messageTexts(input).some((text) => text.startsWith("user:<turn_aborted>"))).toBe(true);
  });
});
