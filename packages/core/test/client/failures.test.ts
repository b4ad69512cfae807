import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  completed,
  droppedStream,
  failed,
  httpError,
  loadGoldenScenario,
  type MockModelServer,
  noResponse,
  responsesStream,
  stalledStream,
  startMockModelServer,
  textResponse,
} from "@codex/test-support";
import { createModelClient } from "../../src/client/create-model-client.ts";
import type { ProviderConfig } from "../../src/config/types.ts";
import { clientOptions, collect, mockProvider } from "./helpers.ts";

let server: MockModelServer;
beforeEach(async () => {
  server = await startMockModelServer();
});
afterEach(() => server.close());

function client(overrides: Partial<ProviderConfig> = {}) {
  return createModelClient(mockProvider(server.baseUrl, overrides), clientOptions);
}

const ok = () => responsesStream([textResponse("Recovered."), completed()]);

describe("request retries (429 / 5xx / transport)", () => {
  test("golden scenario5: 500, then 429, then success, silently", async () => {
    server.enqueueAll(loadGoldenScenario("scenario5.json"));
    const { events, error } = await collect(client({ request_max_retries: 4 }));
    expect(error).toBeNull();
    expect(events.at(-1)?.type).toBe("completed");
    expect(server.requests).toHaveLength(3);
  });

  test("Retry-After (seconds) and retry-after-ms are honoured", async () => {
    server.enqueue(httpError(429, { error: { message: "slow down" } }, { retryAfter: 0.3 }));
    server.enqueue(httpError(503, "busy", { retryAfterMs: 250 }));
    server.enqueue(ok());
    const started = performance.now();
    const { error } = await collect(client({ request_max_retries: 2 }));
    // A lower bound only: load can make it slower, never faster.
    expect(error).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(540);
  });

  test("without Retry-After the backoff starts near 200 ms", async () => {
    server.enqueue(httpError(500, { error: { message: "internal" } }));
    server.enqueue(ok());
    const started = performance.now();
    await collect(client({ request_max_retries: 1 }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(175);
  });

  test("5xx retries exhausted: an error the turn may reconnect after, naming the last status", async () => {
    for (let i = 0; i < 3; i++)
      server.enqueue(httpError(503, { error: { message: "busy" } }, { retryAfterMs: 1 }));
    const { error } = await collect(client({ request_max_retries: 2 }));
    expect(server.requests).toHaveLength(3);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      `exceeded retry limit, last status: 503 Service Unavailable from mock (${server.baseUrl}/responses): busy`,
    );
  });

  test("429 retries exhausted: the turn ends (no reconnects on top of a rate limit)", async () => {
    for (let i = 0; i < 3; i++)
      server.enqueue(httpError(429, { error: { message: "slow down" } }, { retryAfterMs: 1 }));
    const { error } = await collect(client({ request_max_retries: 2 }));
    expect(server.requests).toHaveLength(3);
    expect(error?.kind).toBe("fatal");
    expect(error?.message).toBe(
      `exceeded retry limit, last status: 429 Too Many Requests from mock (${server.baseUrl}/responses): slow down`,
    );
  });

  test("a connection refused on this machine is not retried: nothing listens there", async () => {
    const port = new URL(server.url).port;
    await server.close();
    const unreachable = createModelClient(
      mockProvider(`http://127.0.0.1:${port}/v1`, { request_max_retries: 3 }),
      clientOptions,
    );
    const { error } = await collect(unreachable);
    expect(error?.kind).toBe("fatal");
    expect(error?.message).toBe(
      `nothing listens on 127.0.0.1:${port} — is its server running? (model provider \`mock\`, http://127.0.0.1:${port}/v1/responses)`,
    );
  });
});

describe("fatal HTTP errors", () => {
  test("400 shows the server's message and is not retried", async () => {
    server.enqueue(
      httpError(400, {
        error: { message: "Unknown parameter: 'input[0].metadata'.", type: "invalid_request_error" },
      }),
    );
    const { error } = await collect(client({ request_max_retries: 3 }));
    expect(server.requests).toHaveLength(1);
    expect(error?.kind).toBe("fatal");
    expect(error?.status).toBe(400);
    expect(error?.message).toBe(
      `unexpected status 400 Bad Request from mock (${server.baseUrl}/responses): Unknown parameter: 'input[0].metadata'.`,
    );
  });

  test("an error page that is not JSON is quoted from its start, however large it is", async () => {
    const page = `<html><body>Bad gateway</body></html>${" ".repeat(20 * 1024 * 1024)}`;
    server.enqueue(httpError(403, page));
    const { error } = await collect(client({ request_max_retries: 0 }));
    expect(error?.status).toBe(403);
    expect(error?.message).toStartWith(
      `unexpected status 403 Forbidden from mock (${server.baseUrl}/responses): <html><body>Bad gateway</body></html>`,
    );
    expect(error?.message.length).toBeLessThan(1000);
  });

  test("401 says how to provide a key", async () => {
    server.enqueue(httpError(401, { error: { message: "Incorrect API key provided" } }));
    const { error } = await collect(client({ request_max_retries: 3 }));
    expect(server.requests).toHaveLength(1);
    expect(error?.kind).toBe("unauthorized");
    expect(error?.message).toContain("Incorrect API key provided");
    expect(error?.message).toContain("codex login");
  });

  test("429 insufficient_quota and usage_limit_reached end the turn", async () => {
    server.enqueue(
      httpError(429, { error: { message: "quota", type: "insufficient_quota", code: "insufficient_quota" } }),
    );
    const quota = await collect(client({ request_max_retries: 3 }));
    expect(quota.error?.kind).toBe("usage_limit");
    expect(quota.error?.message).toBe("Quota exceeded. Check your plan and billing details.");
    server.enqueue(httpError(429, { error: { message: "limit", type: "usage_limit_reached" } }));
    const limit = await collect(client({ request_max_retries: 3 }));
    expect(limit.error?.kind).toBe("usage_limit");
    expect(server.requests).toHaveLength(2);
  });

  test("context_length_exceeded is its own kind", async () => {
    server.enqueue(httpError(400, { error: { message: "too long", code: "context_length_exceeded" } }));
    const { error } = await collect(client());
    expect(error?.kind).toBe("context_window_exceeded");
  });

  test("a missing env_key names the variable and its instructions, before any request", async () => {
    const provider = mockProvider(server.baseUrl, {
      env_key: "MOCK_API_KEY",
      env_key_instructions: "Create a key at https://example.test/keys and export MOCK_API_KEY.",
    });
    for (const env of [{}, { MOCK_API_KEY: "  " }]) {
      const { error } = await collect(createModelClient(provider, { ...clientOptions, env }));
      expect(error?.kind).toBe("unauthorized");
      expect(error?.message).toBe(
        "Missing environment variable: `MOCK_API_KEY`. Create a key at https://example.test/keys and export MOCK_API_KEY.",
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  test("a provider requiring OpenAI auth without credentials says how to log in", async () => {
    const { error } = await collect(client({ requires_openai_auth: true }));
    expect(error?.kind).toBe("unauthorized");
    expect(error?.message).toContain("run `codex login`");
  });
});

describe("broken streams", () => {
  test("golden scenario2: response.failed → stream disconnected before completion: boom from mock", async () => {
    server.enqueue(loadGoldenScenario("scenario2.json")[3]!);
    const { events, error } = await collect(client());
    expect(events).toEqual([{ type: "created" }]);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe("stream disconnected before completion: boom from mock");
  });

  test("response.failed with a rate limit carries the suggested delay", async () => {
    server.enqueue(
      responsesStream([
        failed({ code: "rate_limit_exceeded", message: "Rate limit reached. Please try again in 1.5s." }),
      ]),
    );
    const { error } = await collect(client());
    expect(error?.kind).toBe("retryable");
    expect(error?.retryAfterMs).toBe(1500);
  });

  test("response.failed with context_length_exceeded is not retryable", async () => {
    server.enqueue(responsesStream([failed({ code: "context_length_exceeded", message: "too long" })]));
    expect((await collect(client())).error?.kind).toBe("context_window_exceeded");
  });

  test("a stream that ends before response.completed is retryable", async () => {
    server.enqueue(droppedStream([textResponse("partial")]));
    const { events, error } = await collect(client());
    expect(events.some((event) => event.type === "output_text_delta")).toBe(true);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      "stream disconnected before completion: stream closed before response.completed",
    );
  });

  test("a connection reset mid-stream is retryable", async () => {
    server.enqueue(droppedStream([textResponse("partial")], { abrupt: true }));
    const { error } = await collect(client());
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toStartWith("stream disconnected before completion: ");
  });

  test("a stalled stream hits the idle timeout", async () => {
    server.enqueue(stalledStream([textResponse("thinking…")]));
    const { events, error } = await collect(client({ stream_idle_timeout_ms: 200 }));
    expect(events.length).toBeGreaterThan(1);
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe("stream disconnected before completion: idle timeout waiting for SSE");
  });

  test("a slow stream that keeps sending is not cut by the idle timeout", async () => {
    server.enqueue(
      responsesStream([textResponse("a b c d e", { chunks: ["a ", "b ", "c ", "d ", "e"] }), completed()], {
        delayMs: 80,
      }),
    );
    const started = performance.now();
    const { error } = await collect(client({ stream_idle_timeout_ms: 250 }));
    expect(performance.now() - started).toBeGreaterThan(500);
    expect(error).toBeNull();
  });

  test("a server that never answers times out too", async () => {
    server.enqueue(noResponse());
    const { error } = await collect(client({ stream_idle_timeout_ms: 200 }));
    expect(error?.kind).toBe("retryable");
  });

  test("aborting the signal ends the stream with kind aborted", async () => {
    server.enqueue(stalledStream([textResponse("thinking…")]));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error } = await collect(client({ stream_idle_timeout_ms: 10_000 }), undefined, controller.signal);
    expect(error?.kind).toBe("aborted");
  });

  test("aborting while waiting for response headers", async () => {
    server.enqueue(noResponse());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error } = await collect(client({ stream_idle_timeout_ms: 10_000 }), undefined, controller.signal);
    expect(error?.kind).toBe("aborted");
  });

  test("an already-aborted signal sends nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    const { error } = await collect(client(), undefined, controller.signal);
    expect(error?.kind).toBe("aborted");
    expect(server.requests).toHaveLength(0);
  });

  test("aborting during a retry wait stops retrying", async () => {
    // Ten minutes: a retry wait that ignored the abort would outlast the test's timeout.
    server.enqueue(httpError(503, "busy", { retryAfter: 600 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error } = await collect(client({ request_max_retries: 3 }), undefined, controller.signal);
    expect(error?.kind).toBe("aborted");
    expect(server.requests).toHaveLength(1);
  });
});

test("404 points at the provider's base URL", async () => {
  server.enqueue(httpError(404, { error: { message: "Not found" } }));
  const { error } = await collect(client());
  expect(error?.kind).toBe("fatal");
  expect(error?.message).toBe(
    `unexpected status 404 Not Found from mock (${server.baseUrl}/responses): Not found. Check the base URL of model provider \`mock\` (${server.baseUrl}).`,
  );
});
