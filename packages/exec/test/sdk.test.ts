/**
 * The official TypeScript SDK (`@openai/codex-sdk`) driving our binary through
 * `codexPathOverride`, exactly as it drives the Rust one.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  codexBinaryPath,
  completed,
  failed,
  functionCall,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { Codex } from "@openai/codex-sdk";
import { type ExecEnv, execEnv } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

function sdk(): Codex {
  return new Codex({
    codexPathOverride: codexBinaryPath(),
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      CODEX_HOME: env.codexHome,
      HOME: mkdtempSync(join(tmpdir(), "codex-sdk-home-")),
    },
  });
}

describe("@openai/codex-sdk drives dist/codex", () => {
  test("run() returns the items, the final response and the usage", async () => {
    env = await execEnv();
    env.server.enqueue(
      responsesStream([
        functionCall("shell", { command: ["echo", "sdk-shell"] }, "c1"),
        completed({ input_tokens: 40, cached: 4, output_tokens: 5 }),
      ]),
    );
    env.server.enqueue(
      responsesStream([
        textResponse("SDK answer"),
        completed({ input_tokens: 60, cached: 6, output_tokens: 7 }),
      ]),
    );
    const thread = sdk().startThread({ workingDirectory: env.workspace, sandboxMode: "danger-full-access" });
    const result = await thread.run("hello from the SDK");
    expect(result.finalResponse).toBe("SDK answer");
    expect(result.items).toEqual([
      {
        id: "item_0",
        type: "command_execution",
        command: "echo sdk-shell",
        aggregated_output: "sdk-shell\n",
        exit_code: 0,
        status: "completed",
      },
      { id: "item_1", type: "agent_message", text: "SDK answer" },
    ]);
    expect(result.usage).toMatchObject({
      input_tokens: 100,
      cached_input_tokens: 10,
      cache_write_input_tokens: 0,
      output_tokens: 12,
    });
    expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(env.server.requests[0]?.headers.originator).toBe("codex_sdk_ts");
  });

  test("a second run() on the thread resumes it and resends the conversation", async () => {
    env = await execEnv();
    env.server.enqueue(responsesStream([textResponse("first answer"), completed()]));
    env.server.enqueue(responsesStream([textResponse("second answer"), completed()]));
    const thread = sdk().startThread({ workingDirectory: env.workspace });
    await thread.run("first");
    const second = await thread.run("second");
    expect(second.finalResponse).toBe("second answer");
    expect(JSON.stringify(env.server.requests[1]?.body)).toContain("first answer");
  });

  test("outputSchema reaches the model as a strict JSON schema", async () => {
    env = await execEnv();
    const schema = {
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
      additionalProperties: false,
    };
    env.server.enqueue(responsesStream([textResponse('{"answer":"42"}'), completed()]));
    const thread = sdk().startThread({ workingDirectory: env.workspace });
    const result = await thread.run("answer", { outputSchema: schema });
    expect(JSON.parse(result.finalResponse)).toEqual({ answer: "42" });
    expect((env.server.requests[0]?.body as { text?: unknown } | undefined)?.text).toMatchObject({
      format: { type: "json_schema", name: "codex_output_schema", strict: true, schema },
    });
  });

  test("a directory outside git fails with the reference's message", async () => {
    env = await execEnv({ git: false });
    const thread = sdk().startThread({ workingDirectory: env.workspace });
    await expect(thread.run("hi")).rejects.toThrow(/Not inside a trusted directory/);
  });

  test("a stream failure surfaces as a thrown error", async () => {
    env = await execEnv();
    env.server.enqueue(responsesStream([failed({ message: "boom from mock" })]));
    const thread = sdk().startThread({ workingDirectory: env.workspace });
    await expect(thread.run("hi")).rejects.toThrow("stream disconnected before completion: boom from mock");
  });
});
