import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  chatStream,
  chatText,
  chatToolCall,
  chatUsage,
  completed,
  customToolCall,
  droppedStream,
  functionCall,
  httpError,
  loadGoldenScenario,
  type MockModelServer,
  noResponse,
  reasoning,
  responsesStream,
  stalledStream,
  startMockModelServer,
  textResponse,
} from "../src/index.ts";

let server: MockModelServer;
beforeEach(async () => {
  server = await startMockModelServer();
});
afterEach(async () => {
  await server.close();
});

function post(
  path: string,
  body: unknown,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: JSON.stringify(body),
    signal: init.signal,
  });
}

type Frame = { event: string | null; data: string };
function parseSse(text: string): Frame[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      return { event, data: data.join("\n") };
    });
}

describe("Responses SSE", () => {
  test("frames carry event: and data: lines with response.created first", async () => {
    server.enqueue(
      responsesStream([
        reasoning("thinking"),
        textResponse("hi"),
        functionCall("shell", { command: ["ls"] }, "c1"),
        customToolCall("apply_patch", "*** Begin Patch\n*** End Patch\n", "c2"),
        completed({ input_tokens: 10, cached: 4, output_tokens: 3 }),
      ]),
    );
    const res = await post("/v1/responses", { model: "m" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const frames = parseSse(await res.text());
    for (const frame of frames) expect(JSON.parse(frame.data).type).toBe(frame.event);
    expect(frames.map((f) => f.event)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.output_item.done",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_item.done",
      "response.output_item.added",
      "response.output_item.done",
      "response.output_item.added",
      "response.output_item.done",
      "response.completed",
    ]);
    const last = JSON.parse(frames.at(-1)?.data ?? "{}");
    expect(last.response.usage).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 13,
    });
    // A call is announced with empty arguments, then done with them, as the Responses API does.
    const [added, done] = [frames[8], frames[9]].map((frame) => JSON.parse(frame?.data ?? "{}").item);
    expect(added).toMatchObject({ type: "function_call", name: "shell", call_id: "c1", arguments: "" });
    expect(done).toMatchObject({
      type: "function_call",
      name: "shell",
      call_id: "c1",
      arguments: '{"command":["ls"]}',
    });
    expect(done.id).toBe(added.id);
  });

  test("records method, path, query, headers and JSON body", async () => {
    server.enqueue(responsesStream([completed()]));
    await (
      await post(
        "/v1/responses?api-version=1",
        { model: "x", stream: true },
        { headers: { "X-Test": "yes" } },
      )
    ).text();
    const request = server.lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/responses");
    expect(request.query).toEqual({ "api-version": "1" });
    expect(request.headers["x-test"]).toBe("yes");
    expect(request.body).toEqual({ model: "x", stream: true });
  });

  test("queues are consumed in order and matched on path", async () => {
    server.enqueue(chatStream([chatText("chat")]), { path: "/v1/chat/completions" });
    server.enqueue(responsesStream([textResponse("first"), completed()]), { path: "/v1/responses" });
    server.enqueue(responsesStream([textResponse("second"), completed()]), { path: "/v1/responses" });
    expect(await (await post("/v1/responses", {})).text()).toContain("first");
    expect(await (await post("/v1/chat/completions", {})).text()).toContain("chat");
    expect(await (await post("/v1/responses", {})).text()).toContain("second");
    expect(server.pending()).toBe(0);
    expect(server.requestsTo("/responses")).toHaveLength(2);
  });

  test("an unscripted request gets a 404 naming the path and is recorded as unmatched", async () => {
    const res = await post("/v1/responses", {});
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("nothing scripted for POST /v1/responses");
    expect(server.unmatched).toHaveLength(1);
  });
});

describe("failures", () => {
  test("HTTP errors carry status, JSON body and Retry-After headers", async () => {
    server.enqueue(
      httpError(429, { error: { message: "slow down" } }, { retryAfter: 2, retryAfterMs: 1500 }),
    );
    const res = await post("/v1/responses", {});
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.headers.get("retry-after-ms")).toBe("1500");
    expect(await res.json()).toEqual({ error: { message: "slow down" } });
  });

  test("a dropped stream ends the body before response.completed", async () => {
    server.enqueue(droppedStream([textResponse("partial")]));
    const frames = parseSse(await (await post("/v1/responses", {})).text());
    expect(frames.map((f) => f.event)).not.toContain("response.completed");
    expect(frames.map((f) => f.event)).toContain("response.output_text.delta");
  });

  test("an abrupt drop resets the connection mid-body", async () => {
    server.enqueue(droppedStream([textResponse("partial")], { abrupt: true }));
    const res = await post("/v1/responses", {});
    await expect(res.text()).rejects.toThrow();
  });

  test("a stalled stream sends its frames then nothing until aborted", async () => {
    server.enqueue(stalledStream());
    const abort = new AbortController();
    const res = await post("/v1/responses", {}, { signal: abort.signal });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("response.created");
    const next = Promise.race([reader.read().then(() => "data"), Bun.sleep(150).then(() => "silent")]);
    expect(await next).toBe("silent");
    abort.abort();
  });

  test("noResponse never sends headers", async () => {
    server.enqueue(noResponse());
    const outcome = await Promise.race([
      post("/v1/responses", {}).then(() => "answered"),
      Bun.sleep(150).then(() => "waiting"),
    ]);
    expect(outcome).toBe("waiting");
  });
});

describe("Chat Completions chunks", () => {
  test("data-only frames, tool call deltas, usage and [DONE]", async () => {
    server.enqueue(
      chatStream([
        chatText("hel", { chunks: ["hel"] }),
        chatToolCall("shell", { command: ["ls"] }, "call_1"),
        chatUsage({ prompt_tokens: 5, completion_tokens: 2 }),
      ]),
    );
    const frames = parseSse(await (await post("/v1/chat/completions", {})).text());
    expect(frames.every((f) => f.event === null)).toBe(true);
    expect(frames.at(-1)?.data).toBe("[DONE]");
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.data));
    const args = chunks
      .flatMap((c) =>
        c.choices.flatMap(
          (choice: { delta: { tool_calls?: Array<{ function: { arguments: string } }> } }) =>
            choice.delta.tool_calls ?? [],
        ),
      )
      .map((t: { function: { arguments: string } }) => t.function.arguments)
      .join("");
    expect(JSON.parse(args)).toEqual({ command: ["ls"] });
    expect(chunks.at(-1).usage.total_tokens).toBe(7);
  });
});

describe("golden scenarios", () => {
  test("scenario5 replays 500, 429, then a stream", async () => {
    server.enqueueAll(loadGoldenScenario("scenario5.json"));
    expect((await post("/v1/responses", {})).status).toBe(500);
    expect((await post("/v1/responses", {})).status).toBe(429);
    const frames = parseSse(await (await post("/v1/responses", {})).text());
    expect(frames[0]?.event).toBe("response.created");
    expect(frames.at(-1)?.event).toBe("response.completed");
  });

  test("scenario2's last response is response.failed", async () => {
    const responses = loadGoldenScenario("scenario2.json");
    server.enqueue(responses[3]!);
    const frames = parseSse(await (await post("/v1/responses", {})).text());
    expect(frames.map((f) => f.event)).toEqual(["response.created", "response.failed"]);
  });
});

test("waitForRequests resolves when enough requests arrived", async () => {
  server.enqueue(responsesStream([completed()]));
  const waiting = server.waitForRequests(1, { timeoutMs: 1000 });
  await (await post("/v1/responses", {})).text();
  await waiting;
  expect(server.requests).toHaveLength(1);
});

test("responders compute the answer from the request; a fallback answers the rest", async () => {
  const echo = await startMockModelServer({
    fallback: (request) => responsesStream([textResponse(`fallback ${request.path}`), completed()]),
  });
  try {
    echo.enqueue((request) =>
      responsesStream([textResponse(`model was ${(request.body as { model: string }).model}`), completed()]),
    );
    const first = await (
      await fetch(`${echo.url}/v1/responses`, { method: "POST", body: '{"model":"m1"}' })
    ).text();
    expect(first).toContain("model was m1");
    const second = await (await fetch(`${echo.url}/v1/other`, { method: "POST", body: "{}" })).text();
    expect(second).toContain("fallback /v1/other");
    expect(echo.unmatched).toHaveLength(0);
  } finally {
    await echo.close();
  }
});

test("serve-cli serves golden scenarios from a separate process", async () => {
  const child = Bun.spawn([process.execPath, `${import.meta.dir}/../src/serve-cli.ts`, "scenario5.json"], {
    stdout: "pipe",
    stderr: "pipe",
  });
  try {
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    const baseUrl = new TextDecoder().decode(value).trim();
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect((await fetch(`${baseUrl}/responses`, { method: "POST", body: "{}" })).status).toBe(500);
  } finally {
    child.kill();
    await child.exited;
  }
});
