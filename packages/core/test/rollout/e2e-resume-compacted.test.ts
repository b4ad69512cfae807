/**
 * Issue 11, item 17, through the built binary: a session compacted by `dist/codex exec` (automatic
 * compaction against the mock model server), resumed in the TUI (`codex resume <id>` on a
 * pseudo-terminal). The TUI is told the conversation the user had, both turns, and not the
 * compaction summary, AGENTS.md or environment context that the model's history holds as user
 * messages.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codexBinaryPath, completed, responsesStream, textResponse } from "@codex/test-support";
import { jsonLines, messageTexts, type SessionEnv, sessionEnv, threadId } from "./e2e-env.ts";

setDefaultTimeout(60_000);

let env: SessionEnv;
afterEach(async () => {
  await env?.close();
});

/** Runs `codex resume <id>` in a pseudo-terminal until `ready` is on screen; returns the screen. */
async function resumeInTui(id: string, eventLog: string, ready: string): Promise<string> {
  let screen = "";
  let onData: () => void = () => {};
  const terminal = new Bun.Terminal({
    cols: 120,
    rows: 40,
    data: (_terminal, data) => {
      screen += new TextDecoder().decode(data);
      onData();
    },
  });
  const child = Bun.spawn([codexBinaryPath(), "resume", id], {
    cwd: env.workspace,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: env.codexHome,
      CODEX_HOME: env.codexHome,
      TERM: "xterm-256color",
      CODEX_TUI_EVENT_LOG: eventLog,
    },
    terminal,
  });
  try {
    await new Promise<void>((resolve) => {
      onData = () => {
        if (screen.includes(ready)) resolve();
      };
      onData();
    });
    return screen;
  } finally {
    child.kill("SIGKILL");
    await child.exited;
    terminal.close();
  }
}

test("a compacted session resumed in the TUI shows the user's own messages, not the summary", async () => {
  env = await sessionEnv({ extraToml: "model_auto_compact_token_limit = 1000" });
  writeFileSync(join(env.workspace, "AGENTS.md"), "Always answer briefly.\n");
  env.server.enqueue(
    responsesStream([textResponse("first answer"), completed({ input_tokens: 200_000, output_tokens: 10 })]),
  );
  env.server.enqueue(responsesStream([textResponse("SUMMARY OF THE WORK"), completed()]));
  env.server.enqueue(responsesStream([textResponse("second answer"), completed()]));

  const first = await env.exec(["--json", "first question"]);
  expect(first.code).toBe(0);
  const second = await env.exec(["--json", "resume", "--last", "second question"]);
  expect(second.code).toBe(0);
  // The turn after the compaction sent the summary to the model in the user's role.
  const afterCompaction = messageTexts(env.input(2));
  expect(afterCompaction.some((text) => text.startsWith("user:<conversation_compacted>"))).toBe(true);

  const eventLog = join(env.codexHome, "tui-events.jsonl");
  const screen = await resumeInTui(threadId(first.stdout), eventLog, "second answer");
  expect(existsSync(eventLog)).toBe(true);
  const configured = jsonLines(readFileSync(eventLog, "utf8"))
    .map((line) => line.msg as { type: string; initial_messages?: unknown })
    .find((msg) => msg?.type === "session_configured");
  expect(configured?.initial_messages).toEqual([
    { role: "user", text: "first question" },
    { role: "assistant", text: "first answer" },
    { role: "user", text: "second question" },
    { role: "assistant", text: "second answer" },
  ]);
  for (const internal of [
    "conversation_compacted",
    "SUMMARY OF THE WORK",
    "Always answer briefly",
    "environment_context",
  ])
    expect(screen).not.toContain(internal);
});
