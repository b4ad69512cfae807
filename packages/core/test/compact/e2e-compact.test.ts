/**
 * Compaction through dist/codex: triggered by the model's reported usage (across processes, from
 * the rollout's last token count) and by a request rejected for context length. The request after
 * a compaction carries the summary instead of the old history, and a later resume starts from the
 * compacted state.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { completed, httpError, responsesStream, textResponse } from "@codex/test-support";
import { SUMMARIZATION_PROMPT } from "../../src/compact/prompt.ts";
import { messageTexts, readRolloutLines, type SessionEnv, sessionEnv } from "../rollout/e2e-env.ts";

let env: SessionEnv;
afterEach(async () => {
  await env?.close();
});

const bridgeOf = (texts: string[]) => texts.find((t) => t.startsWith("user:<conversation_compacted>")) ?? "";

describe("compaction through dist/codex", () => {
  test("usage past model_auto_compact_token_limit compacts before the next request; resume continues compacted", async () => {
    env = await sessionEnv({ extraToml: "model_auto_compact_token_limit = 1000" });
    env.server.enqueue(
      responsesStream([textResponse("first answer"), completed({ input_tokens: 5000, output_tokens: 100 })]),
    );
    expect((await env.exec(["--json", "first question"])).code).toBe(0);

    env.server.enqueue(
      responsesStream([textResponse("SUMMARY-OF-WORK"), completed({ input_tokens: 300, output_tokens: 40 })]),
    );
    env.server.enqueue(responsesStream([textResponse("second answer"), completed({ input_tokens: 200 })]));
    const second = await env.exec(["--json", "resume", "--last", "second question"]);
    expect(second.code).toBe(0);
    expect(env.server.requests.length).toBe(3);

    // The summarisation request: the whole conversation, then our prompt, and no tools.
    const summaryRequest = env.server.requests[1]?.body as { tools?: unknown[]; input: unknown[] };
    const summaryTexts = messageTexts(env.input(1));
    expect(summaryTexts.at(-1)).toBe(`user:${SUMMARIZATION_PROMPT}`);
    expect(summaryTexts).toContain("assistant:first answer");
    expect(summaryRequest.tools ?? []).toEqual([]);

    // The real request: summary and user messages in the bridge, the new question verbatim last.
    const texts = messageTexts(env.input(2));
    expect(bridgeOf(texts)).toContain("SUMMARY-OF-WORK");
    expect(bridgeOf(texts)).toContain("first question");
    expect(texts).not.toContain("assistant:first answer");
    expect(texts.at(-1)).toBe("user:second question");

    const lines = readRolloutLines(env.rolloutFiles()[0] as string);
    const compacted = lines.filter((l) => l.type === "compacted");
    expect(compacted.length).toBe(1);
    expect(compacted[0]?.payload.message).toBe("SUMMARY-OF-WORK");

    env.server.enqueue(responsesStream([textResponse("third answer"), completed({ input_tokens: 250 })]));
    expect((await env.exec(["--json", "resume", "--last", "third question"])).code).toBe(0);
    const third = messageTexts(env.input(3));
    expect(bridgeOf(third)).toContain("SUMMARY-OF-WORK");
    expect(third).not.toContain("assistant:first answer");
    expect(third.slice(-3)).toEqual([
      "user:second question",
      "assistant:second answer",
      "user:third question",
    ]);
  }, 60_000);

  test("a request rejected for context length is compacted and retried once instead of failing", async () => {
    env = await sessionEnv();
    env.server.enqueue(responsesStream([textResponse("long answer"), completed()]));
    expect((await env.exec(["--json", "start a long task"])).code).toBe(0);

    const tooLong = {
      error: { type: "invalid_request_error", code: "context_length_exceeded", message: "input too long" },
    };
    env.server.enqueue(httpError(400, tooLong));
    env.server.enqueue(responsesStream([textResponse("SHORT-SUMMARY"), completed()]));
    env.server.enqueue(responsesStream([textResponse("done after compaction"), completed()]));
    const result = await env.exec(["--json", "resume", "--last", "keep going"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("done after compaction");
    expect(env.server.requests.length).toBe(4);
    expect(messageTexts(env.input(2)).at(-1)).toBe(`user:${SUMMARIZATION_PROMPT}`);
    const retried = messageTexts(env.input(3));
    expect(bridgeOf(retried)).toContain("SHORT-SUMMARY");
    expect(retried).not.toContain("assistant:long answer");
    expect(retried.at(-1)).toBe("user:keep going");
  }, 60_000);

  test("a summarisation request that is itself too long drops the oldest items and tries again", async () => {
    env = await sessionEnv();
    env.server.enqueue(responsesStream([textResponse("old answer"), completed()]));
    expect((await env.exec(["--json", "old question"])).code).toBe(0);
    const tooLong = { error: { code: "context_length_exceeded", message: "input too long" } };
    env.server.enqueue(httpError(400, tooLong));
    env.server.enqueue(httpError(400, tooLong));
    env.server.enqueue(responsesStream([textResponse("TRIMMED-SUMMARY"), completed()]));
    env.server.enqueue(responsesStream([textResponse("finished"), completed()]));
    const result = await env.exec(["--json", "resume", "--last", "new question"]);
    expect(result.code).toBe(0);
    expect(env.server.requests.length).toBe(5);
    // The second summarisation attempt left out the oldest item; the user's words stay in the bridge.
    expect(messageTexts(env.input(3))).not.toContain("user:old question");
    expect(messageTexts(env.input(3)).at(-1)).toBe(`user:${SUMMARIZATION_PROMPT}`);
    const final = messageTexts(env.input(4));
    expect(bridgeOf(final)).toContain("TRIMMED-SUMMARY");
    expect(bridgeOf(final)).toContain("old question");
    expect(final.at(-1)).toBe("user:new question");
  }, 60_000);

  test("a second context-length rejection after compacting fails the turn (no loop)", async () => {
    env = await sessionEnv();
    const tooLong = { error: { code: "context_length_exceeded", message: "input too long" } };
    env.server.enqueue(httpError(400, tooLong));
    env.server.enqueue(responsesStream([textResponse("S"), completed()]));
    env.server.enqueue(httpError(400, tooLong));
    const result = await env.exec(["--json", "hello"]);
    expect(result.code).toBe(1);
    expect(env.server.requests.length).toBe(3);
    expect(result.stdout).toContain("turn.failed");
  }, 60_000);
});
