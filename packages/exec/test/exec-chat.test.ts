/** The same end-to-end behaviours over Chat Completions (`wire_api = "chat"`). */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chatFinish, chatStream, chatText, chatUsage, httpError, stalledStream } from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines, requestBody } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

const answer = (text: string) =>
  chatStream([chatText(text), chatFinish(), chatUsage({ prompt_tokens: 4, completion_tokens: 1 })]);

describe("codex exec over Chat Completions", () => {
  test("a cut stream is retried with a Reconnecting notice", async () => {
    env = await execEnv({ wireApi: "chat", streamMaxRetries: 2 });
    env.server.enqueue(chatStream([chatText("partial")], { done: false, end: "destroy" }));
    env.server.enqueue(answer("whole"));
    const result = await env.exec(["--json", "x"]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.filter((l) => l.type === "error")).toEqual([
      {
        type: "error",
        message: `Reconnecting... 1/2 (stream disconnected before completion: connection to mock (${env.server.baseUrl}/chat/completions) lost: connection reset (ECONNRESET))`,
      },
    ]);
    expect(lines.filter((l) => l.type === "item.completed").map((l) => l.item)).toEqual([
      { id: "item_0", type: "agent_message", text: "whole" },
    ]);
  });

  test("a stall hits the idle timeout, then retries exhausted fail the turn with exit 1", async () => {
    env = await execEnv({ wireApi: "chat", streamMaxRetries: 1, idleTimeoutMs: 300 });
    env.server.enqueue(stalledStream());
    env.server.enqueue(stalledStream());
    const result = await env.exec(["--json", "x"]);
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stdout);
    expect(lines.filter((l) => l.type === "error")[0]).toEqual({
      type: "error",
      message: "Reconnecting... 1/1 (stream disconnected before completion: idle timeout waiting for SSE)",
    });
    expect(lines.filter((l) => l.type === "error")).toHaveLength(2);
    expect(lines.at(-1)?.type).toBe("turn.failed");
  });

  test("HTTP 400 and 401 are fatal; 429 is retried", async () => {
    env = await execEnv({ wireApi: "chat", requestMaxRetries: 1 });
    env.server.enqueue(httpError(400, { error: { message: "model not found" } }));
    const bad = await env.exec(["--json", "x"]);
    expect(bad.code).toBe(1);
    expect(String(jsonLines(bad.stdout).find((l) => l.type === "error")?.message)).toContain(
      "model not found",
    );
    env.server.enqueue(httpError(401, { error: { message: "bad key" } }));
    const unauthorized = await env.exec(["--json", "x"]);
    expect(unauthorized.code).toBe(1);
    env.server.enqueue(httpError(429, { error: { message: "slow down" } }, { retryAfterMs: 10 }));
    env.server.enqueue(answer("after 429"));
    const limited = await env.exec(["--json", "x"]);
    expect(limited.code).toBe(0);
    expect(jsonLines(limited.stdout).find((l) => l.type === "item.completed")?.item).toMatchObject({
      text: "after 429",
    });
  });

  test("--output-schema becomes a json_schema response_format", async () => {
    env = await execEnv({ wireApi: "chat" });
    const schema = {
      type: "object",
      properties: { n: { type: "number" } },
      required: ["n"],
      additionalProperties: false,
    };
    const path = `${env.workspace}/schema.json`;
    await Bun.write(path, JSON.stringify(schema));
    env.server.enqueue(answer('{"n":1}'));
    const result = await env.exec(["--json", "--output-schema", path, "x"]);
    expect(result.code).toBe(0);
    expect(JSON.stringify(requestBody(env, 0).response_format)).toContain('"json_schema"');
    expect(JSON.stringify(requestBody(env, 0).response_format)).toContain('"n"');
  });
});
