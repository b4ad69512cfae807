import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  chatFinish,
  chatStream,
  chatText,
  chatToolCall,
  chatUsage,
  codexBinaryPath,
  completed,
  functionCall,
  reasoning,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines, requestBody, STDIN_NOTICE } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

describe("codex exec --json", () => {
  test("a warning is an error item, numbered among the others as 0.169 numbers it", async () => {
    env = await execEnv();
    // A call over the 1 MiB input limit is refused with a warning, then the model answers.
    const oversized = { command: ["bash", "-c", `echo ${"x".repeat(2 * 1024 * 1024)}`] };
    env.server.enqueue(responsesStream([functionCall("shell", oversized, "call-1"), completed()]));
    env.server.enqueue(responsesStream([textResponse("Smaller then."), completed()]));
    const result = await env.exec(["--json", "go"]);
    expect(result.code).toBe(0);
    const items = jsonLines(result.stdout)
      .filter((l) => l.type === "item.completed")
      .map((l) => l.item as { id: string; type: string; message?: string; text?: string });
    expect(items.map((i) => [i.id, i.type])).toEqual([
      ["item_0", "error"],
      ["item_1", "agent_message"],
    ]);
    expect(items[0]?.message).toContain("over the 1.0 MiB limit");
    expect(items[1]?.text).toBe("Smaller then.");
  });

  test("usage in 0.169's shape: cache writes and reasoning tokens beside 0.47's counts", async () => {
    env = await execEnv();
    env.server.enqueue(
      responsesStream([
        textResponse("Hi!"),
        completed({ input_tokens: 10, cached: 3, cache_write: 2, output_tokens: 5, reasoning_tokens: 4 }),
      ]),
    );
    const result = await env.exec(["--json", "say hi"]);
    expect(jsonLines(result.stdout).at(-1)).toEqual({
      type: "turn.completed",
      usage: {
        input_tokens: 10,
        cached_input_tokens: 3,
        cache_write_input_tokens: 2,
        output_tokens: 5,
        reasoning_output_tokens: 4,
      },
    });
  });

  test("a plain answer over the Responses API", async () => {
    env = await execEnv();
    env.server.enqueue(
      responsesStream([textResponse("Hi!"), completed({ input_tokens: 7, cached: 2, output_tokens: 3 })]),
    );
    const result = await env.exec(["--json", "say hi"]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines[0]?.type).toBe("thread.started");
    expect(lines.slice(1)).toEqual([
      { type: "turn.started" },
      { type: "item.completed", item: { id: "item_0", type: "agent_message", text: "Hi!" } },
      {
        type: "turn.completed",
        usage: {
          input_tokens: 7,
          cached_input_tokens: 2,
          cache_write_input_tokens: 0,
          output_tokens: 3,
          reasoning_output_tokens: 0,
        },
      },
    ]);
    const request = env.server.requests[0];
    expect(request?.path).toBe("/v1/responses");
    expect(request?.headers.originator).toBe("codex_exec");
    const body = requestBody(env, 0);
    expect(body).toMatchObject({
      model: "gpt-5-codex",
      stream: true,
      store: false,
      parallel_tool_calls: false,
    });
    expect(body.prompt_cache_key).toBe(lines[0]?.thread_id);
    const texts = body.input.map((item) => JSON.stringify(item));
    expect(texts.at(-1)).toContain('"say hi"');
    expect(texts.at(-2)).toContain("<approval_policy>never</approval_policy>");
  });

  test("a plain answer over Chat Completions", async () => {
    env = await execEnv({ wireApi: "chat" });
    env.server.enqueue(
      chatStream([chatText("Hello from chat"), chatUsage({ prompt_tokens: 5, completion_tokens: 2 })]),
    );
    const result = await env.exec(["--json", "hello"]);
    expect(result.stderr).toBe(STDIN_NOTICE);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.find((l) => l.type === "item.completed")).toEqual({
      type: "item.completed",
      item: { id: "item_0", type: "agent_message", text: "Hello from chat" },
    });
    expect(env.server.requests[0]?.path).toBe("/v1/chat/completions");
  });

  test("multi-step tool calls over Chat Completions", async () => {
    env = await execEnv({ wireApi: "chat" });
    env.server.enqueue(
      chatStream([
        chatToolCall("shell", { command: ["echo", "from-chat"] }, "call_c1"),
        chatFinish("tool_calls"),
      ]),
    );
    env.server.enqueue(chatStream([chatText("done"), chatFinish()]));
    const result = await env.exec(["--json", "-s", "danger-full-access", "run it"]);
    const items = jsonLines(result.stdout)
      .filter((l) => l.type === "item.completed")
      .map((l) => l.item);
    expect(items).toEqual([
      {
        id: "item_0",
        type: "command_execution",
        command: "echo from-chat",
        aggregated_output: "from-chat\n",
        exit_code: 0,
        status: "completed",
      },
      { id: "item_1", type: "agent_message", text: "done" },
    ]);
    expect(JSON.stringify(requestBody(env, 1).messages)).toContain("from-chat");
  });

  test("tool calls: reasoning, a command (started → completed), the answer; usage is cumulative", async () => {
    env = await execEnv();
    env.server.enqueue(
      responsesStream([
        reasoning("**Planning** run it"),
        functionCall("shell", { command: ["bash", "-c", "echo oops >&2; exit 3"] }, "call_1"),
        completed({ input_tokens: 100, cached: 10, output_tokens: 20 }),
      ]),
    );
    env.server.enqueue(
      responsesStream([
        textResponse("Failed as expected."),
        completed({ input_tokens: 200, cached: 50, output_tokens: 30 }),
      ]),
    );
    const result = await env.exec(["--json", "-s", "danger-full-access", "go"]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout).slice(1);
    const command = "bash -c 'echo oops >&2; exit 3'";
    expect(lines).toEqual([
      { type: "turn.started" },
      { type: "item.completed", item: { id: "item_0", type: "reasoning", text: "**Planning** run it" } },
      {
        type: "item.started",
        item: {
          id: "item_1",
          type: "command_execution",
          command,
          aggregated_output: "",
          exit_code: null,
          status: "in_progress",
        },
      },
      {
        type: "item.completed",
        item: {
          id: "item_1",
          type: "command_execution",
          command,
          aggregated_output: "oops\n",
          exit_code: 3,
          status: "failed",
        },
      },
      { type: "item.completed", item: { id: "item_2", type: "agent_message", text: "Failed as expected." } },
      {
        type: "turn.completed",
        usage: {
          input_tokens: 300,
          cached_input_tokens: 60,
          cache_write_input_tokens: 0,
          output_tokens: 50,
          reasoning_output_tokens: 0,
        },
      },
    ]);
    const outputs = requestBody(env, 1).input.filter((i) => i.type === "function_call_output");
    expect(outputs).toHaveLength(1);
    expect(String(outputs[0]?.output)).toContain("oops");
  });

  test("--output-schema is sent as a strict json_schema text format", async () => {
    env = await execEnv();
    const schema = {
      type: "object",
      properties: { ok: { type: "boolean" } },
      required: ["ok"],
      additionalProperties: false,
    };
    const schemaPath = `${env.workspace}/schema.json`;
    await Bun.write(schemaPath, JSON.stringify(schema));
    env.server.enqueue(responsesStream([textResponse('{"ok":true}'), completed()]));
    const result = await env.exec(["--json", "--output-schema", schemaPath, "answer"]);
    expect(result.code).toBe(0);
    expect(requestBody(env, 0).text).toMatchObject({
      format: { type: "json_schema", name: "codex_output_schema", strict: true, schema },
    });
    expect(jsonLines(result.stdout).find((l) => l.type === "item.completed")?.item).toEqual({
      id: "item_0",
      type: "agent_message",
      text: '{"ok":true}',
    });
  });

  test("-o writes the last agent message; -i attaches images before the prompt", async () => {
    env = await execEnv();
    const png = `${env.workspace}/pic.png`;
    await Bun.write(png, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const out = `${env.workspace}/last.txt`;
    env.server.enqueue(responsesStream([textResponse("the last word"), completed()]));
    const result = await env.exec(["--json", "-o", out, "-i", png, "describe"]);
    expect(result.code).toBe(0);
    expect(await Bun.file(out).text()).toBe("the last word");
    const user = requestBody(env, 0).input.at(-1) as { content: Array<Record<string, string>> };
    expect(user.content[0]?.type).toBe("input_image");
    expect(user.content[0]?.image_url).toStartWith("data:image/png;base64,");
    expect(user.content[1]).toEqual({ type: "input_text", text: "describe" });
  });
  test("a reader that closes the pipe early ends exec quietly", async () => {
    env = await execEnv();
    env.server.enqueue(responsesStream([textResponse("x".repeat(200_000)), completed()]));
    const script = `${JSON.stringify(codexBinaryPath())} exec --json hi | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`;
    const child = Bun.spawn(["bash", "-c", script], {
      cwd: env.workspace,
      env: { PATH: process.env.PATH ?? "", HOME: env.codexHome, CODEX_HOME: env.codexHome },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
    ]);
    expect(stdout).toBe("status=0\n");
    expect(stderr).toBe(STDIN_NOTICE);
  });
});
