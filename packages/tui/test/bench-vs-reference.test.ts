/**
 * Side by side with the Rust codex 0.47 TUI (installed under bench/ by the benchmark tooling), both in
 * tmux: time until the composer is on screen, idle CPU over 10 s, keystroke-to-screen latency.
 * Opt-in: CODEX_TUI_BENCH=1 (it takes about a minute).
 */
import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { codexBinaryPath } from "@codex/test-support";
import { cpuSeconds, TmuxPane, tmuxAvailable } from "./helpers/tmux.ts";

const reference = resolve(
  import.meta.dir,
  "../../../bench/node_modules/@openai/codex/vendor/x86_64-unknown-linux-musl/codex/codex",
);
const enabled = process.env.CODEX_TUI_BENCH === "1" && tmuxAvailable() && existsSync(reference);

async function measure(binary: string, ready: string) {
  const home = mkdtempSync(join(tmpdir(), "codex-tui-bench-home-"));
  const cwd = mkdtempSync(join(tmpdir(), "codex-tui-bench-cwd-"));
  writeFileSync(
    join(home, "config.toml"),
    `model = "gpt-5-codex"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "responses"\n[projects."${cwd}"]\ntrust_level = "trusted"\n`,
  );
  const t0 = performance.now();
  const pane = TmuxPane.start({
    command: `env CODEX_HOME=${home} HOME=${home} OPENAI_API_KEY=dummy ${binary}`,
    cwd,
  });
  try {
    await pane.waitFor(ready, { timeoutMs: 15000 });
    const startup = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
    const pid = pane.pid();
    const c0 = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 10000));
    const idle = cpuSeconds(pid) - c0;
    const samples: number[] = [];
    let typed = "";
    for (let i = 0; i < 15; i++) {
      const ch = "abcdefghijklmno"[i] ?? "x";
      typed += ch;
      const s0 = performance.now();
      pane.send(ch, { literal: true });
      await pane.waitFor((s) => s.includes(`› ${typed}`), { timeoutMs: 3000 });
      samples.push(performance.now() - s0);
    }
    samples.sort((a, b) => a - b);
    return { startup, idle, keyP50: samples[7] ?? 0 };
  } finally {
    pane.kill();
  }
}

test.skipIf(!enabled)(
  "TUI against the Rust reference: startup to composer, idle CPU, key latency",
  async () => {
    const ours = await measure(codexBinaryPath(), "Ask Codex to do anything");
    const ref = await measure(reference, "context left");
    const row = (name: string, a: number, b: number, unit: string) =>
      console.log(
        `${name.padEnd(28)} ours ${a.toFixed(2).padStart(8)} ${unit}   reference ${b.toFixed(2).padStart(8)} ${unit}`,
      );
    row("startup to composer", ours.startup, ref.startup, "ms");
    row("idle CPU over 10 s", ours.idle * 1000, ref.idle * 1000, "ms");
    row("keystroke to tmux screen", ours.keyP50, ref.keyP50, "ms");
    expect(ours.idle).toBeLessThan(0.1);
  },
  120000,
);
