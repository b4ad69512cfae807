/**
 * End to end: the built `dist/codex` in tmux against the mock model server. A person's session:
 * type a prompt, read the streamed answer, approve a command and see its output, interrupt a long
 * command with Esc, quit. Also measures idle CPU and keystroke-to-screen latency of the real binary.
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
  writeMockProviderConfig,
} from "@codex/test-support";
import { cpuSeconds, TmuxPane, tmuxAvailable } from "./helpers/tmux.ts";

const binary = codexBinaryPath();
const enabled = tmuxAvailable() && existsSync(binary);
let server: MockModelServer;

beforeAll(async () => {
  if (enabled) server = await startMockModelServer();
});
afterAll(async () => {
  await server?.close();
});

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
          { command: ["bash", "-lc", "mkdir -p out && echo approved-output-42"] },
          "call_1",
        ),
        completed(),
      ]),
    );
    server.enqueue(responsesStream([textResponse("The command printed it."), completed()]));
    server.enqueue(
      responsesStream([
        functionCall("shell", { command: ["bash", "-lc", "sleep 30"] }, "call_2"),
        completed(),
      ]),
    );
    server.enqueue(responsesStream([textResponse("unused"), completed()]));
    const { pane, home } = launch({ args: "-a untrusted -s workspace-write" });
    try {
      await pane.waitFor("Ask Codex to do anything");
      pane.send("Say hello", { literal: true });
      pane.send("Enter");
      await pane.waitFor("• second");
      const screen = pane.capture();
      expect(screen).toContain("› Say hello");
      expect(screen).toContain("• Hello from the mock model.");
      expect(screen).toContain("  • first");

      pane.send("Run the echo", { literal: true });
      pane.send("Enter");
      await pane.waitFor("Allow Codex to run this command?");
      expect(pane.capture()).toContain("$ mkdir -p out && echo approved-output-42");
      pane.send("y");
      await pane.waitFor("The command printed it.");
      const after = pane.capture();
      expect(after).toContain("Ran mkdir -p out && echo approved-output-42");
      expect(after).toContain("└ approved-output-42");

      pane.send("Now sleep", { literal: true });
      pane.send("Enter");
      await pane.waitFor("Allow Codex to run this command?");
      pane.send("y");
      await pane.waitFor("Running sleep 30");
      pane.send("Escape");
      await pane.waitFor("Conversation interrupted");

      pane.send("C-c");
      await pane.waitFor("ctrl + c again to quit");
      pane.send("C-c");
      const end = await pane.waitFor(() => pane.dead(), { timeoutMs: 8000 });
      expect(end).toContain("To continue this session, run codex resume");
    } catch (err) {
      console.error(readFileSync(join(home, "events.jsonl"), "utf8"));
      throw err;
    } finally {
      pane.kill();
    }
  },
  60000,
);

test.skipIf(!enabled)(
  "idle CPU over 10 s and keystroke-to-screen latency of dist/codex",
  async () => {
    const { pane } = launch({ args: "-a on-request" });
    try {
      await pane.waitFor("Ask Codex to do anything");
      await new Promise((r) => setTimeout(r, 1000));
      const pid = pane.pid();
      const cpu0 = cpuSeconds(pid);
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 10000));
      const cpu = cpuSeconds(pid) - cpu0;
      const wall = (performance.now() - t0) / 1000;
      const samples: number[] = [];
      for (let i = 0; i < 20; i++) {
        const ch = String.fromCharCode(97 + (i % 26));
        const expected = `› ${"abcdefghijklmnopqrst".slice(0, i + 1)}`;
        const start = performance.now();
        pane.send(ch, { literal: true });
        await pane.waitFor((s) => s.includes(expected), { timeoutMs: 3000 });
        samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      console.log(
        `dist/codex idle: ${cpu.toFixed(2)} CPU s over ${wall.toFixed(1)} s (${((cpu / wall) * 100).toFixed(2)}%); keystroke->tmux screen p50 ${samples[10]?.toFixed(1)} ms, max ${samples[19]?.toFixed(1)} ms (includes tmux send-keys/capture polling at 25 ms)`,
      );
      expect(cpu / wall).toBeLessThan(0.01);
      pane.send("C-c");
      pane.send("C-c");
      pane.send("C-c");
      await pane.waitFor(() => pane.dead(), { timeoutMs: 8000 });
    } finally {
      pane.kill();
    }
  },
  60000,
);

test.skipIf(!enabled)(
  "closing the terminal (tmux pane killed) ends the process instead of leaving it spinning",
  async () => {
    const { pane } = launch({ args: "-a never -s read-only" });
    await pane.waitFor("Ask Codex to do anything");
    const pid = pane.pid();
    pane.kill();
    const alive = () =>
      existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) await Bun.sleep(100);
    const stillRunning = alive();
    if (stillRunning) process.kill(pid, "SIGKILL");
    expect(stillRunning).toBe(false);
  },
  30_000,
);
