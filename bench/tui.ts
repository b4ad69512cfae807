/**
 * The TUI side by side with the Rust reference, both in tmux as a person would run them: time until
 * the composer is on screen, CPU used while idle for 10 s (target: under 1%), and keystroke to tmux
 * screen (includes tmux's send-keys and the 25 ms screen polling). Needs tmux.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuSeconds, TmuxPane, tmuxAvailable } from "../packages/tui/test/helpers/tmux.ts";
import { median, ourCodex, printTable, referenceCodex } from "./lib.ts";

const IDLE_SECONDS = 10;

async function measure(binary: string, ready: string) {
  const home = mkdtempSync(join(tmpdir(), "codex-tui-bench-home-"));
  const cwd = mkdtempSync(join(tmpdir(), "codex-tui-bench-cwd-"));
  writeFileSync(
    join(home, "config.toml"),
    `model = "gpt-5-codex"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "responses"\n[projects."${cwd}"]\ntrust_level = "trusted"\n`,
  );
  const t0 = performance.now();
  const pane = TmuxPane.start({
    command: `env CODEX_HOME=${home} HOME=${home} OPENAI_API_KEY=dummy TERM=xterm-256color ${binary}`,
    cwd,
  });
  try {
    await pane.waitFor(ready, { timeoutMs: 15_000 });
    const startup = performance.now() - t0;
    await Bun.sleep(1000); // let start-up work finish before measuring idleness
    const pid = pane.pid();
    const cpu0 = cpuSeconds(pid);
    await Bun.sleep(IDLE_SECONDS * 1000);
    const idleCpu = cpuSeconds(pid) - cpu0;
    const keys: number[] = [];
    let typed = "";
    for (let i = 0; i < 15; i++) {
      typed += "abcdefghijklmno"[i] ?? "x";
      const s0 = performance.now();
      pane.send(typed.slice(-1), { literal: true });
      await pane.waitFor((s) => s.includes(`› ${typed}`), { timeoutMs: 3000 });
      keys.push(performance.now() - s0);
    }
    return { startup, idlePercent: (idleCpu / IDLE_SECONDS) * 100, key: median(keys) };
  } finally {
    pane.kill();
  }
}

if (!tmuxAvailable()) {
  console.log("tmux is not installed; skipped");
} else {
  const ours = await measure(ourCodex(), "Ask Codex to do anything");
  const reference = await measure(referenceCodex(), "context left");
  printTable("TUI in tmux", [
    { name: "start to composer", ours: ours.startup, reference: reference.startup, unit: "ms" },
    {
      name: `idle CPU over ${IDLE_SECONDS} s`,
      ours: ours.idlePercent,
      reference: reference.idlePercent,
      unit: "%",
    },
    { name: "keystroke to tmux screen (median)", ours: ours.key, reference: reference.key, unit: "ms" },
  ]);
  if (ours.idlePercent >= 1) {
    console.error(`idle CPU ${ours.idlePercent.toFixed(2)}% is over the 1% target`);
    process.exitCode = 1;
  }
}
