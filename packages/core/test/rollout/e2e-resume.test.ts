/** Resume through the real binary: across processes, by id, with the SDK, after SIGKILL and SIGTERM. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  codexBinaryPath,
  completed,
  functionCall,
  noResponse,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { Codex } from "@openai/codex-sdk";
import { messageTexts, readRolloutLines, type SessionEnv, sessionEnv, threadId } from "./e2e-env.ts";

let env: SessionEnv;
afterEach(async () => {
  await env?.close();
});

describe("resume through dist/codex", () => {
  test("exec, then exec resume --last in a new process: same thread, earlier turn sent again", async () => {
    env = await sessionEnv();
    env.server.enqueue(responsesStream([textResponse("first answer"), completed()]));
    env.server.enqueue(responsesStream([textResponse("second answer"), completed()]));
    const first = await env.exec(["--json", "first question"]);
    expect(first.code).toBe(0);
    const id = threadId(first.stdout);
    const second = await env.exec(["--json", "resume", "--last", "second question"]);
    expect(second.code).toBe(0);
    expect(threadId(second.stdout)).toBe(id);
    const texts = messageTexts(env.input(1));
    expect(texts).toContain("user:first question");
    expect(texts).toContain("assistant:first answer");
    expect(texts[texts.length - 1]).toBe("user:second question");
    expect(texts.indexOf("user:first question")).toBeLessThan(texts.indexOf("assistant:first answer"));
    // One session file, holding both turns.
    const files = env.rolloutFiles();
    expect(files.length).toBe(1);
    expect(files[0]).toContain(id);
    const lines = readRolloutLines(files[0] as string);
    expect(lines[0]?.type).toBe("session_meta");
    expect(lines.filter((l) => l.type === "turn_context").length).toBe(2);
  });

  test("exec resume <id> continues that session, not the newest", async () => {
    env = await sessionEnv();
    env.server.enqueue(responsesStream([textResponse("answer A"), completed()]));
    env.server.enqueue(responsesStream([textResponse("answer B"), completed()]));
    env.server.enqueue(responsesStream([textResponse("answer A2"), completed()]));
    const a = threadId((await env.exec(["--json", "question A"])).stdout);
    await env.exec(["--json", "question B"]);
    const resumed = await env.exec(["--json", "resume", a, "follow-up on A"]);
    expect(resumed.code).toBe(0);
    expect(threadId(resumed.stdout)).toBe(a);
    const texts = messageTexts(env.input(2));
    expect(texts).toContain("assistant:answer A");
    expect(texts).not.toContain("assistant:answer B");
  });

  test("a missing session is a one-line error and exit code 1", async () => {
    env = await sessionEnv();
    const result = await env.exec(["--json", "resume", "0199a213-81c0-7800-8aa1-bbab2a035a53", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no saved session with id 0199a213-81c0-7800-8aa1-bbab2a035a53/);
    const last = await env.exec(["--json", "resume", "--last", "hi"]);
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/no saved session to resume/);
    expect(env.server.requests.length).toBe(0);
  });

  test("@openai/codex-sdk: resumeThread(id) from a new client continues the conversation", async () => {
    env = await sessionEnv();
    const codex = () =>
      new Codex({
        codexPathOverride: codexBinaryPath(),
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          CODEX_HOME: env.codexHome,
          HOME: mkdtempSync(join(tmpdir(), "codex-sdk-home-")),
        },
      });
    env.server.enqueue(responsesStream([textResponse("one"), completed()]));
    env.server.enqueue(responsesStream([textResponse("two"), completed()]));
    env.server.enqueue(responsesStream([textResponse("three"), completed()]));
    const thread = codex().startThread({ workingDirectory: env.workspace });
    await thread.run("turn one");
    await thread.run("turn two");
    const id = thread.id as string;
    const again = codex().resumeThread(id, { workingDirectory: env.workspace });
    const result = await again.run("turn three");
    expect(result.finalResponse).toBe("three");
    expect(again.id).toBe(id);
    expect(messageTexts(env.input(2)).filter((t) => !t.startsWith("user:<"))).toEqual([
      "user:turn one",
      "assistant:one",
      "user:turn two",
      "assistant:two",
      "user:turn three",
    ]);
    expect(env.rolloutFiles().length).toBe(1);
  });

  test("a process killed with SIGKILL mid-turn leaves a session that resumes with every completed item", async () => {
    env = await sessionEnv();
    env.server.enqueue(
      responsesStream([
        functionCall("shell", { command: ["echo", "before-the-crash"] }, "call-1"),
        completed(),
      ]),
    );
    env.server.enqueue(noResponse());
    const proc = env.spawnExec(["--json", "-s", "danger-full-access", "run echo then hang"]);
    proc.closeStdin();
    await env.server.waitForRequests(2, { timeoutMs: 15_000 });
    proc.kill("SIGKILL");
    const killed = await proc.wait();
    expect(killed.signal).toBe("SIGKILL");
    env.server.enqueue(responsesStream([textResponse("recovered"), completed()]));
    const resumed = await env.exec(["--json", "resume", "--last", "go on"]);
    expect(resumed.code).toBe(0);
    expect(threadId(resumed.stdout)).toBe(threadId(killed.stdout));
    const input = env.input(2);
    expect(messageTexts(input)).toContain("user:run echo then hang");
    const call = input.find((i) => i.type === "function_call");
    expect(call).toMatchObject({ call_id: "call-1", name: "shell" });
    const output = input.find((i) => i.type === "function_call_output");
    // The real output was recorded before the crash (not a synthetic "aborted" one).
    expect(output).toMatchObject({ call_id: "call-1" });
    expect((output as { output: string }).output).not.toBe("aborted");
    expect(messageTexts(input).at(-1)).toBe("user:go on");
  }, 40_000);

  test("killed with SIGKILL before the first response: the printed thread id still resumes", async () => {
    env = await sessionEnv();
    env.server.enqueue(noResponse());
    const proc = env.spawnExec(["--json", "the first words"]);
    proc.closeStdin();
    await env.server.waitForRequests(1, { timeoutMs: 15_000 });
    proc.kill("SIGKILL");
    const killed = await proc.wait();
    const id = threadId(killed.stdout);
    env.server.enqueue(responsesStream([textResponse("back"), completed()]));
    const resumed = await env.exec(["--json", "resume", id, "again"]);
    expect(resumed.code).toBe(0);
    expect(threadId(resumed.stdout)).toBe(id);
    expect(messageTexts(env.input(1))).toContain("user:the first words");
  }, 40_000);

  test("SIGTERM during a turn aborts it, records turn_aborted, and exits", async () => {
    env = await sessionEnv();
    env.server.enqueue(noResponse());
    const proc = env.spawnExec(["--json", "wait forever"]);
    proc.closeStdin();
    await env.server.waitForRequests(1, { timeoutMs: 15_000 });
    proc.kill("SIGTERM");
    const result = await proc.wait();
    expect(result.timedOut).toBe(false);
    const lines = readRolloutLines(env.rolloutFiles()[0] as string);
    expect(lines.some((l) => l.type === "event_msg" && l.payload.type === "turn_aborted")).toBe(true);
  }, 40_000);
});
