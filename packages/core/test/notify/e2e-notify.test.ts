/** `notify` through dist/codex exec: the program gets the turn's JSON even though exec exits at once. */
import { afterEach, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, responsesStream, textResponse, waitUntil } from "@codex/test-support";
import { type SessionEnv, sessionEnv, threadId } from "../rollout/e2e-env.ts";

let env: SessionEnv;
afterEach(async () => {
  await env?.close();
});

/** The notify program writes its file whole (temp file, then rename); wait for it to appear. */
function waitForFile(path: string): Promise<string> {
  return waitUntil(() => existsSync(path) && readFileSync(path, "utf8"), { what: path });
}

test("after the turn, the notify program receives agent-turn-complete JSON", async () => {
  env = await sessionEnv();
  const out = join(env.workspace, "notified.json");
  const script = join(env.workspace, "notify.sh");
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$1" > "${out}.tmp" && mv "${out}.tmp" "${out}"\n`);
  chmodSync(script, 0o755);
  const config = join(env.codexHome, "config.toml");
  writeFileSync(config, `notify = [${JSON.stringify(script)}]\n${readFileSync(config, "utf8")}`);
  env.server.enqueue(responsesStream([textResponse("All done."), completed()]));
  const result = await env.exec(["--json", "please notify me"]);
  expect(result.code).toBe(0);
  const payload = JSON.parse(await waitForFile(out));
  expect(payload).toEqual({
    type: "agent-turn-complete",
    "thread-id": threadId(result.stdout),
    "turn-id": expect.any(String),
    "input-messages": ["please notify me"],
    "last-assistant-message": "All done.",
  });
});

test("a notify program that fails is a warning, not a failure", async () => {
  env = await sessionEnv({ extraToml: 'notify = ["/nonexistent/notifier"]' });
  env.server.enqueue(responsesStream([textResponse("fine"), completed()]));
  const result = await env.exec(["--json", "hi"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("turn.completed");
});
