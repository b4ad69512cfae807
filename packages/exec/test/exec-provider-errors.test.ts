/**
 * Issue 11, item 18, through `dist/codex exec`: a failed model request says which provider and URL
 * failed, with the status and the server's own message and what to do; a refused connection to
 * this machine (`--oss` without Ollama) is reported at once instead of after retries; no message
 * ever carries the API key.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { droppedStream, httpError, MockModelServer, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines } from "./helpers.ts";

setDefaultTimeout(30_000);

const KEY = "sk-mock-secret-0123456789";

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

async function failingRun(options: { retries?: number } = {}) {
  env = await execEnv({
    providerToml: 'env_key = "MOCK_KEY"',
    requestMaxRetries: options.retries ?? 0,
    streamMaxRetries: options.retries ?? 0,
  });
  return {
    run: async () => {
      const result = await env.exec(["--json", "hi"], { env: { MOCK_KEY: KEY } });
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).not.toContain(KEY);
      const failed = jsonLines(result.stdout).find((line) => line.type === "turn.failed");
      return {
        message: (failed?.error as { message?: string } | undefined)?.message,
        notices: jsonLines(result.stdout).filter((line) => line.type === "error").length,
      };
    },
    url: () => `${env.server.baseUrl}/responses`,
  };
}

/** A port on this machine where nothing listens (a server was just there). */
async function closedPort(): Promise<string> {
  const server = await MockModelServer.start();
  const port = new URL(server.baseUrl).port;
  await server.close();
  return port;
}

describe("model errors name the provider, the URL, the status and the server's message", () => {
  test("500 with a JSON error body: the server's message is kept once retries run out", async () => {
    const setup = await failingRun({ retries: 1 });
    const body = {
      error: { message: "The server had an error processing your request.", type: "server_error" },
    };
    for (let i = 0; i < 4; i++) env.server.enqueue(httpError(500, body));
    const { message } = await setup.run();
    expect(message).toBe(
      `exceeded retry limit, last status: 500 Internal Server Error from mock (${setup.url()}): The server had an error processing your request.`,
    );
  });

  test("401 says what to do and never repeats the key the server echoed", async () => {
    const setup = await failingRun();
    env.server.enqueue(httpError(401, { error: { message: `Incorrect API key provided: ${KEY}.` } }));
    const { message } = await setup.run();
    expect(message).toBe(
      `unexpected status 401 Unauthorized from mock (${setup.url()}): Incorrect API key provided: [REDACTED]. Check the API key in the MOCK_KEY environment variable.`,
    );
  });

  test("404 for an unknown model points at the model name", async () => {
    const setup = await failingRun();
    env.server.enqueue(
      httpError(404, {
        error: {
          message: "The model `gpt-nope` does not exist or you do not have access to it.",
          code: "model_not_found",
        },
      }),
    );
    const { message } = await setup.run();
    expect(message).toBe(
      `unexpected status 404 Not Found from mock (${setup.url()}): The model \`gpt-nope\` does not exist or you do not have access to it. Check the model name (\`-m\`, or \`model\` in config.toml).`,
    );
  });

  test("429 is retried in the request; when those retries run out the turn ends without reconnecting", async () => {
    const setup = await failingRun({ retries: 1 });
    const body = {
      error: { message: "Rate limit reached. Please try again in 1s.", code: "rate_limit_exceeded" },
    };
    for (let i = 0; i < 4; i++) env.server.enqueue(httpError(429, body, { retryAfterMs: 10 }));
    const { message, notices } = await setup.run();
    // One request and one request retry; no stream reconnect multiplies them.
    expect(env.server.requests).toHaveLength(2);
    expect(notices).toBe(1);
    expect(message).toBe(
      `exceeded retry limit, last status: 429 Too Many Requests from mock (${setup.url()}): Rate limit reached. Please try again in 1s.`,
    );
  });

  test("a stream cut mid-answer says whose connection was lost and how", async () => {
    const setup = await failingRun();
    env.server.enqueue(droppedStream([...textResponse("partial")], { abrupt: true }));
    const { message } = await setup.run();
    expect(message).toBe(
      `stream disconnected before completion: connection to mock (${setup.url()}) lost: connection reset (ECONNRESET)`,
    );
  });
});

describe("nothing listening on this machine is reported at once, not after retries", () => {
  test("a provider whose local server is down", async () => {
    const port = await closedPort();
    env = await execEnv({ requestMaxRetries: 4, streamMaxRetries: 5 });
    const config = await Bun.file(`${env.codexHome}/config.toml`).text();
    await Bun.write(
      `${env.codexHome}/config.toml`,
      config.replace(env.server.baseUrl, `http://127.0.0.1:${port}/v1`),
    );
    const result = await env.exec(["--json", "hi"]);
    expect(result.code).toBe(1);
    const errors = jsonLines(result.stdout).filter((line) => line.type === "error");
    expect(errors.map((line) => line.message)).toEqual([
      `nothing listens on 127.0.0.1:${port} — is its server running? (model provider \`mock\`, http://127.0.0.1:${port}/v1/responses)`,
    ]);
  });

  test("--oss without Ollama: 'is Ollama running?', with how to start it", async () => {
    const port = await closedPort();
    env = await execEnv();
    const result = await env.exec(["--oss", "hi"], { env: { CODEX_OSS_PORT: port } });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain("Reconnecting");
    expect(result.stderr.trim().split("\n").at(-1)).toBe(
      `ERROR: nothing listens on localhost:${port} — is Ollama running? Start it with \`ollama serve\` (model provider \`oss\`, http://localhost:${port}/v1/chat/completions)`,
    );
  });
});
