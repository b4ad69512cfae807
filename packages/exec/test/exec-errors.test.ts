import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  completed,
  failed,
  httpError,
  responsesStream,
  stalledStream,
  textResponse,
} from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines, STDIN_NOTICE } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

/** Every line printed to stderr that is not the human header. */
function lastStderrLine(stderr: string): string {
  return stderr.trim().split("\n").at(-1) ?? "";
}

describe("codex exec: bad input is one clear line and exit 1", () => {
  test("outside a git repository without --skip-git-repo-check", async () => {
    env = await execEnv({ git: false });
    const result = await env.exec(["hello"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${STDIN_NOTICE}Not inside a trusted directory and --skip-git-repo-check was not specified.\n`,
    );
    expect(env.server.requests).toHaveLength(0);
  });

  test("--skip-git-repo-check lets it run outside git", async () => {
    env = await execEnv({ git: false });
    env.server.enqueue(responsesStream([textResponse("fine"), completed()]));
    const result = await env.exec(["--skip-git-repo-check", "hello"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("fine\n");
  });

  test("an empty prompt argument, and empty stdin", async () => {
    env = await execEnv();
    const empty = await env.exec([""]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe(`${STDIN_NOTICE}No prompt provided. The prompt argument is empty.\n`);
    const emptyStdin = await env.exec([], { stdin: "  \n" });
    expect(emptyStdin.code).toBe(1);
    expect(emptyStdin.stderr).toBe("Reading prompt from stdin...\nNo prompt provided via stdin.\n");
  });

  test("the prompt is read from piped stdin (and from `-` without the notice)", async () => {
    env = await execEnv();
    env.server.enqueue(responsesStream([textResponse("a"), completed()]));
    env.server.enqueue(responsesStream([textResponse("b"), completed()]));
    const piped = await env.exec(["--json"], { stdin: "Do the thing\n" });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("Reading prompt from stdin...\n");
    const dash = await env.exec(["--json", "-"], { stdin: "from dash" });
    expect(dash.stderr).toBe("");
    const lastText = (i: number) =>
      JSON.stringify((env.server.requests[i]?.body as { input: unknown[] } | undefined)?.input.at(-1));
    expect(lastText(0)).toContain('"Do the thing\\n"');
    expect(lastText(1)).toContain('"from dash"');
  });

  test("an unreadable or invalid --output-schema file", async () => {
    env = await execEnv();
    const missing = await env.exec(["--output-schema", join(env.workspace, "nope.json"), "x"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toStartWith(
      `${STDIN_NOTICE}Failed to read output schema file ${join(env.workspace, "nope.json")}`,
    );
    expect(missing.stderr.trim().split("\n")).toHaveLength(2);
    const bad = join(env.workspace, "bad.json");
    writeFileSync(bad, "{not json");
    const invalid = await env.exec(["--output-schema", bad, "x"]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toStartWith(`${STDIN_NOTICE}Output schema file ${bad} is not valid JSON`);
    expect(env.server.requests).toHaveLength(0);
  });

  test("an unknown model provider", async () => {
    env = await execEnv();
    const result = await env.exec(["-c", 'model_provider="nowhere"', "x"]);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(STDIN_NOTICE, "").trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("nowhere");
  });

  test("a missing API key names the variable and codex login", async () => {
    env = await execEnv({ providerToml: 'env_key = "MOCK_PROVIDER_KEY"' });
    const result = await env.exec(["--json", "x"]);
    expect(result.code).toBe(1);
    const errors = jsonLines(result.stdout).filter((l) => l.type === "error");
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.message)).toContain("MOCK_PROVIDER_KEY");
    expect(env.server.requests).toHaveLength(0);
  });
});

test("no credentials for the built-in openai provider: set OPENAI_API_KEY or codex login", async () => {
  env = await execEnv();
  writeFileSync(join(env.codexHome, "config.toml"), "");
  const result = await env.exec(["x"]);
  expect(result.code).toBe(1);
  const last = lastStderrLine(result.stderr);
  expect(last).toStartWith("ERROR: ");
  expect(last).toContain("OPENAI_API_KEY");
  expect(last).toContain("codex login");
});

describe("codex exec: model failures", () => {
  test("HTTP 400 is fatal, reported once with the server's message", async () => {
    env = await execEnv();
    env.server.enqueue(
      httpError(400, { error: { message: "bad request: unknown parameter", type: "invalid_request_error" } }),
    );
    const result = await env.exec(["--json", "x"]);
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stdout);
    const errors = lines.filter((l) => l.type === "error");
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.message)).toContain("bad request: unknown parameter");
    expect(lines.at(-1)?.type).toBe("turn.failed");
  });

  test("HTTP 401 says how to authenticate", async () => {
    env = await execEnv();
    env.server.enqueue(httpError(401, { error: { message: "invalid api key" } }));
    const result = await env.exec(["x"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ERROR:");
    expect(result.stdout).toBe("");
  });

  test("HTTP 429 is retried (Retry-After honoured), then succeeds", async () => {
    env = await execEnv({ requestMaxRetries: 2 });
    env.server.enqueue(
      httpError(429, { error: { message: "slow down", type: "rate_limit" } }, { retryAfterMs: 10 }),
    );
    env.server.enqueue(responsesStream([textResponse("Recovered."), completed()]));
    const result = await env.exec(["--json", "x"]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).find((l) => l.type === "item.completed")?.item).toMatchObject({
      text: "Recovered.",
    });
    expect(env.server.requests).toHaveLength(2);
  });

  test("retries then success: Reconnecting lines, exit 0", async () => {
    env = await execEnv({ streamMaxRetries: 2 });
    env.server.enqueue(responsesStream([failed({ message: "flaky" })]));
    env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const result = await env.exec(["--json", "x"]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).filter((l) => l.type === "error")).toEqual([
      { type: "error", message: "Reconnecting... 1/2 (stream disconnected before completion: flaky)" },
    ]);
  });

  test("a stalled stream hits the idle timeout and is retried", async () => {
    env = await execEnv({ streamMaxRetries: 1, idleTimeoutMs: 300 });
    env.server.enqueue(stalledStream());
    env.server.enqueue(responsesStream([textResponse("after stall"), completed()]));
    const result = await env.exec(["--json", "x"]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.filter((l) => l.type === "error")).toEqual([
      {
        type: "error",
        message: "Reconnecting... 1/1 (stream disconnected before completion: idle timeout waiting for SSE)",
      },
    ]);
    expect(lines.find((l) => l.type === "item.completed")?.item).toMatchObject({ text: "after stall" });
  });

  test("human output: errors on stderr, exit 1, nothing on stdout", async () => {
    env = await execEnv();
    env.server.enqueue(responsesStream([failed({ message: "boom" })]));
    const result = await env.exec(["x"], { env: { NO_COLOR: "1" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(lastStderrLine(result.stderr)).toBe("ERROR: stream disconnected before completion: boom");
  });
});
