import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { completed, functionCall, reasoning, responsesStream, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

describe("codex exec, human output", () => {
  test("progress goes to stderr, the final message alone to stdout; no colour with NO_COLOR", async () => {
    env = await execEnv();
    env.server.enqueue(
      responsesStream([
        reasoning("**Looking** at files"),
        functionCall("shell", { command: ["echo", "visible-output"] }, "c1"),
        completed({ input_tokens: 10, output_tokens: 5 }),
      ]),
    );
    env.server.enqueue(
      responsesStream([textResponse("The answer."), completed({ input_tokens: 20, output_tokens: 5 })]),
    );
    const result = await env.exec(["-s", "danger-full-access", "explain"], { env: { NO_COLOR: "1" } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("The answer.\n");
    const err = result.stderr;
    expect(err).not.toContain("\x1b[");
    expect(err).toContain(`workdir: ${env.workspace}`);
    expect(err).toContain("model: gpt-5-codex");
    expect(err).toContain("approval: never");
    expect(err).toContain("user\nexplain\n");
    expect(err).toContain("thinking\n**Looking** at files\n");
    expect(err).toContain("exec\necho visible-output\n");
    expect(err).toMatch(/succeeded in \d+ms:\nvisible-output\n/);
    expect(err).toContain("codex\nThe answer.\n");
    expect(err).toContain("tokens used\n40\n");
  });

  test("--color always colours stderr; --color never does not", async () => {
    env = await execEnv();
    env.server.enqueue(responsesStream([textResponse("x"), completed()]));
    env.server.enqueue(responsesStream([textResponse("y"), completed()]));
    const always = await env.exec(["--color", "always", "hi"], { env: { NO_COLOR: "1" } });
    expect(always.stderr).toContain("\x1b[");
    expect(always.stdout).toBe("x\n");
    const never = await env.exec(["--color", "never", "hi"]);
    expect(never.stderr).not.toContain("\x1b[");
  });
});
