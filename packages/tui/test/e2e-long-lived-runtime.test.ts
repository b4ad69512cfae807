/**
 * The TUI re-executes itself with Bun's idle timers and JavaScriptCore's optimizing compilers off
 * (packages/cli/src/long-lived-runtime.ts). What a user notices: the same process keeps the
 * terminal and answers the first key, and the variables that did it never reach the commands the
 * model runs (a user's own Bun keeps its defaults).
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
import { TmuxPane, tmuxAvailable } from "./helpers/tmux.ts";

const binary = codexBinaryPath();
const enabled = tmuxAvailable() && existsSync(binary) && process.platform !== "win32";
let server: MockModelServer;

beforeAll(async () => {
  if (enabled) server = await startMockModelServer();
});
afterAll(async () => {
  await server?.close();
});

test.skipIf(!enabled)(
  "the long-lived runtime's variables stay out of the commands, and a user's own setting stays in",
  async () => {
    server.enqueue(
      responsesStream([
        functionCall("shell", { command: ["bash", "-c", "env > seen-env.txt"] }, "call_env"),
        completed(),
      ]),
    );
    server.enqueue(responsesStream([textResponse("Environment saved."), completed()]));
    const home = makeTempCodexHome();
    writeMockProviderConfig(home, { baseUrl: server.baseUrl });
    const cwd = mkdtempSync(join(tmpdir(), "codex-tui-runtime-"));
    // The user chose a GC interval for their own Bun programs: that one must pass through.
    const env = `CODEX_HOME=${home} HOME=${home} OPENAI_API_KEY=dummy TERM=xterm-256color BUN_GC_TIMER_INTERVAL=777`;
    const pane = TmuxPane.start({
      command: `env ${env} ${binary} -a never -s danger-full-access`,
      cwd,
    });
    try {
      const pid = pane.pid();
      await pane.waitFor("Ask Codex to do anything");
      pane.send("Save the environment", { literal: true });
      pane.send("Enter");
      await pane.waitFor("Environment saved.");
      expect(pane.pid()).toBe(pid);
      // The process was started again with the timers and the optimizing compilers off (its
      // initial environment says so)…
      if (process.platform === "linux") {
        const initial = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        expect(initial).toContain("BUN_GC_TIMER_DISABLE=1");
        expect(initial).toContain("BUN_JSC_useDFGJIT=0");
      }
      // …and none of it reached the command.
      const seen = readFileSync(join(cwd, "seen-env.txt"), "utf8");
      expect(seen).not.toContain("BUN_GC_TIMER_DISABLE");
      expect(seen).not.toContain("BUN_IDLE_GC_SECONDS");
      expect(seen).not.toContain("BUN_JSC_useDFGJIT");
      expect(seen).not.toContain("CODEX_TS_LONG_LIVED_RUNTIME");
      expect(seen).toContain("BUN_GC_TIMER_INTERVAL=777");
    } finally {
      pane.kill();
    }
    // `codex fork` opens the same TUI, and starts the same way.
    if (process.platform !== "linux") return;
    const fork = TmuxPane.start({ command: `env ${env} ${binary} fork --last`, cwd });
    try {
      const pid = fork.pid();
      await fork.waitFor("Ask Codex to do anything");
      expect(readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")).toContain("BUN_JSC_useDFGJIT=0");
    } finally {
      fork.kill();
    }
  },
  60000,
);
