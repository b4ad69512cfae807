/**
 * `codex exec fork SESSION_ID PROMPT` through dist/codex: a new session (new id, its own rollout
 * naming the original in `forked_from_id`) whose requests carry the earlier conversation, while the
 * original rollout stays byte for byte as it was and resuming it shows none of the fork's turns.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines, requestBody } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

function rollouts(codexHome: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".jsonl")) out.push(path);
    }
  };
  walk(join(codexHome, "sessions"));
  return out;
}

const reply = (text: string) => responsesStream([textResponse(text), completed()]);
const sent = (index: number) => JSON.stringify(requestBody(env, index).input);

describe("codex exec fork", () => {
  test("a new session carries the conversation; the original stays as it was", async () => {
    env = await execEnv();
    env.server.enqueue(reply("the original answer"));
    const first = await env.exec(["--json", "original question"]);
    const originalId = jsonLines(first.stdout)[0]?.thread_id as string;
    const [originalPath] = rollouts(env.codexHome);
    const originalBytes = readFileSync(originalPath as string);

    env.server.enqueue(reply("the fork's answer"));
    const fork = await env.exec(["fork", "--json", originalId, "fork question"]);
    expect(fork.code).toBe(0);
    const forkId = jsonLines(fork.stdout)[0]?.thread_id as string;
    expect(forkId).not.toBe(originalId);
    expect(sent(1)).toContain("original question");
    expect(sent(1)).toContain("the original answer");
    expect(sent(1)).toContain("fork question");
    expect(requestBody(env, 1).prompt_cache_key).toBe(forkId);

    expect(readFileSync(originalPath as string).equals(originalBytes)).toBe(true);
    const forkPath = rollouts(env.codexHome).find((p) => p.includes(forkId)) as string;
    const meta = JSON.parse(readFileSync(forkPath, "utf8").split("\n")[0] as string).payload;
    expect(meta).toMatchObject({ id: forkId, forked_from_id: originalId });

    env.server.enqueue(reply("back in the original"));
    expect((await env.exec(["resume", originalId, "original again"])).code).toBe(0);
    expect(sent(2)).toContain("original question");
    expect(sent(2)).not.toContain("fork question");
    expect(sent(2)).not.toContain("the fork's answer");

    // The fork goes on by its own id.
    env.server.enqueue(reply("fork again"));
    expect((await env.exec(["resume", forkId, "more in the fork"])).code).toBe(0);
    expect(sent(3)).toContain("fork question");
    expect(sent(3)).not.toContain("original again");
  });

  test("an unknown session id: exit 1, no request", async () => {
    env = await execEnv();
    const result = await env.exec(["fork", "01a20000-0000-7000-8000-000000000000", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("01a20000-0000-7000-8000-000000000000");
    expect(env.server.requests).toHaveLength(0);
  });
});
