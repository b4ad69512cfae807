/**
 * The app server lives as long as the IDE, so it starts again with the long-lived runtime's
 * settings (packages/cli/src/long-lived-runtime.ts): Bun's idle timers and JavaScriptCore's
 * optimizing compilers off. What a user notices: the server answers as before, and none of those
 * variables reaches the commands the model runs, while a user's own setting does.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, textInput } from "./harness.ts";

setDefaultTimeout(60_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

test("the server runs with the long-lived runtime; its commands see none of it, and the user's own setting stays", async () => {
  h = await harness();
  h.server.enqueue(
    responsesStream([
      functionCall("shell", { command: ["bash", "-c", "env > seen-env.txt"] }, "call_env"),
      completed(),
    ]),
  );
  h.server.enqueue(responsesStream([textResponse("Environment saved."), completed()]));
  // The user tuned the collector for their own Bun programs: that one must pass through.
  const client = h.spawn({ BUN_GC_TIMER_INTERVAL: "777" });
  await client.initialize();
  const { result } = await client.request("thread/start", {
    cwd: h.cwd,
    approvalPolicy: "never",
    sandbox: "danger-full-access",
  });
  await client.request("turn/start", {
    threadId: result.thread.id,
    input: textInput("save the environment"),
  });
  const done = await client.notification("turn/completed");
  expect(done.params.turn.status).toBe("completed");

  if (process.platform === "linux") {
    // The process that answered was started again with the settings (its initial environment).
    const initial = readFileSync(`/proc/${client.proc.process.pid}/environ`, "utf8").split("\0");
    expect(initial).toContain("BUN_GC_TIMER_DISABLE=1");
    expect(initial).toContain("BUN_JSC_useDFGJIT=0");
  }
  const seen = readFileSync(join(h.cwd, "seen-env.txt"), "utf8");
  expect(seen).not.toContain("BUN_GC_TIMER_DISABLE");
  expect(seen).not.toContain("BUN_IDLE_GC_SECONDS");
  expect(seen).not.toContain("BUN_JSC_useDFGJIT");
  expect(seen).not.toContain("CODEX_TS_LONG_LIVED_RUNTIME");
  expect(seen).toContain("BUN_GC_TIMER_INTERVAL=777");
  expect(client.strayLines).toEqual([]);
});
