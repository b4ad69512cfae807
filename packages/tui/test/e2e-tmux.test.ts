/**
 * End to end: the built `dist/codex` in tmux against the mock model server. A person's session:
 * type a prompt, read the streamed answer, approve a command and see its output, interrupt a long
 * command with Esc, quit. (Idle CPU and keystroke latency of the real binary: bench/tui.ts.)
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  codexBinaryPath,
  completed,
  functionCall,
  type MockModelServer,
  makeTempCodexHome,
  responsesStream,
  startMockModelServer,
  textResponse,
  waitUntil,
  writeMockProviderConfig,
} from "@codex/test-support";
import { TmuxPane, tmuxAvailable } from "./helpers/tmux.ts";

const binary = codexBinaryPath();
const enabled = tmuxAvailable() && existsSync(binary);
let server: MockModelServer;

beforeAll(async () => {
  if (enabled) server = await startMockModelServer();
});
afterAll(async () => {
  await server?.close();
});

/**
 * A screen test for several texts at once. tmux can capture a frame half written, so each check
 * waits for the whole frame rather than reading the screen again after one text appeared.
 */
const showsAll =
  (...texts: string[]) =>
  (screen: string) =>
    texts.every((text) => screen.includes(text));

function launch(options: { args?: string; columns?: number; rows?: number } = {}) {
  const home = makeTempCodexHome();
  writeMockProviderConfig(home, { baseUrl: server.baseUrl });
  const cwd = mkdtempSync(join(tmpdir(), "codex-tui-e2e-"));
  const env = `CODEX_HOME=${home} HOME=${home} OPENAI_API_KEY=dummy TERM=xterm-256color CODEX_TUI_EVENT_LOG=${home}/events.jsonl`;
  const pane = TmuxPane.start({
    command: `env ${env} ${binary} ${options.args ?? ""}`,
    cwd,
    columns: options.columns,
    rows: options.rows,
  });
  return { pane, home, cwd };
}

test.skipIf(!enabled)(
  "prompt, streamed answer, approved command with output, Esc interrupts a long command, quit",
  async () => {
    server.enqueue(
      responsesStream([
        textResponse("Hello from the **mock** model.\n\n- first\n- second", {
          chunks: ["Hello from ", "the **mock** model.\n\n- first\n", "- second"],
        }),
        completed({ input_tokens: 50, output_tokens: 10 }),
      ]),
    );
    server.enqueue(
      responsesStream([
        functionCall(
          "shell",
          { command: ["bash", "-c", "mkdir -p out && echo approved-output-42"] },
          "call_1",
        ),
        completed(),
      ]),
    );
    server.enqueue(responsesStream([textResponse("The command printed it."), completed()]));
    server.enqueue(
      responsesStream([
        functionCall("shell", { command: ["bash", "-c", "sleep 30"] }, "call_2"),
        completed(),
      ]),
    );
    server.enqueue(responsesStream([textResponse("unused"), completed()]));
    const { pane, home } = launch({ args: "-a untrusted -s workspace-write" });
    try {
      await pane.waitFor("Ask Codex to do anything");
      pane.send("Say hello", { literal: true });
      pane.send("Enter");
      await pane.waitFor(showsAll("› Say hello", "• Hello from the mock model.", "  • first", "• second"));

      pane.send("Run the echo", { literal: true });
      pane.send("Enter");
      await pane.waitFor(
        showsAll("Allow Codex to run this command?", "$ mkdir -p out && echo approved-output-42"),
      );
      pane.send("y");
      await pane.waitFor(
        showsAll(
          "Ran mkdir -p out && echo approved-output-42",
          "└ approved-output-42",
          "The command printed it.",
        ),
      );

      pane.send("Now sleep", { literal: true });
      pane.send("Enter");
      await pane.waitFor("Allow Codex to run this command?");
      pane.send("y");
      await pane.waitFor("Running sleep 30");
      pane.send("Escape");
      await pane.waitFor("Conversation interrupted");

      // Quitting closes the session (up to 3 s) before the summary: on a loaded machine the whole
      // exit can take several seconds, so wait on the pane's death generously.
      pane.send("C-c");
      await pane.waitFor("ctrl + c again to quit");
      pane.send("C-c");
      const end = await pane.waitFor(() => pane.dead(), { timeoutMs: 30_000 });
      expect(end).toContain("To continue this session, run codex resume");
    } catch (err) {
      console.error(readFileSync(join(home, "events.jsonl"), "utf8"));
      throw err;
    } finally {
      pane.kill();
    }
  },
  120_000,
);

test.skipIf(!enabled)(
  "closing the terminal (tmux pane killed) ends the process instead of leaving it spinning",
  async () => {
    const { pane } = launch({ args: "-a never -s read-only" });
    await pane.waitFor("Ask Codex to do anything");
    const pid = pane.pid();
    pane.kill();
    const alive = () => {
      try {
        return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
      } catch {
        return false; // gone (and reaped) between two looks
      }
    };
    const stillRunning = await waitUntil(() => !alive(), { what: "codex to exit", timeoutMs: 20_000 }).then(
      () => false,
      () => alive(),
    );
    if (stillRunning) process.kill(pid, "SIGKILL");
    expect(stillRunning).toBe(false);
  },
  30_000,
);
