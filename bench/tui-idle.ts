/**
 * The idle TUI: `codex` in tmux against the mock server, left alone for 30 s once its composer is
 * drawn, ours beside Rust Codex 0.169. Reports CPU time used while idle (user + system, from /proc,
 * every thread), the wake-ups (voluntary context switches) of each, and whether the first key
 * afterwards still reaches the screen. Target (issue 19): 0.0 % CPU over 30 s.
 * `BENCH_IDLE_SECONDS` shortens the wait; `BENCH_THREADS=1` lists the threads that woke up.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockModelServer } from "@codex/test-support";
import {
  CURRENT_REFERENCE_VERSION,
  loadAverage,
  median,
  mockCodexHome,
  ourCodex,
  referenceCodex,
} from "./lib.ts";

if (spawnSync("tmux", ["-V"]).status !== 0) {
  console.log("tui-idle benchmark: needs tmux");
  process.exit(0);
}

const seconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const SOCKET = `codex-bench-idle-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
tmux("new-session", "-d", "-s", "keeper");
process.on("exit", () => spawnSync("tmux", ["-L", SOCKET, "kill-server"]));
const server = await MockModelServer.start();
const scratch = mkdtempSync(join(tmpdir(), "codex-bench-idle-"));

type ThreadTicks = Map<string, { name: string; ticks: number; wakeups: number }>;

/** CPU ticks and voluntary context switches of every thread of `pid`. */
function threads(pid: number): ThreadTicks {
  const out: ThreadTicks = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8");
      const wakeups = Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
      out.set(tid, { name, ticks: Number(fields[11]) + Number(fields[12]), wakeups });
    } catch {
      // The thread ended.
    }
  }
  return out;
}

async function waitForScreen(pane: string, predicate: (screen: string) => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (predicate(tmux("capture-pane", "-p", "-t", pane))) return;
    await Bun.sleep(50);
  }
  throw new Error(`the TUI in ${pane} did not draw its composer:\n${tmux("capture-pane", "-p", "-t", pane)}`);
}

type Sample = { cpuMs: number; wakeups: number; keyMs: number; busy: string[] };

async function idleRun(binary: string, run: number): Promise<Sample> {
  const home = join(scratch, `home-${run}-${binary.length}`);
  const cwd = join(scratch, `ws-${run}-${binary.length}`);
  spawnSync("mkdir", ["-p", cwd]);
  mockCodexHome(home, server.baseUrl, [`[projects."${cwd}"]`, 'trust_level = "trusted"']);
  const pane = `idle-${run}-${binary.length}`;
  const env = `CODEX_HOME=${home} HOME=${home} OPENAI_API_KEY=sk-bench TERM=xterm-256color ${process.env.BENCH_EXTRA_ENV ?? ""}`;
  tmux("new-session", "-d", "-s", pane, "-x", "100", "-y", "30", "-c", cwd, `env ${env} ${binary}`);
  try {
    const pid = Number(tmux("display", "-p", "-t", pane, "#{pane_pid}").trim());
    await waitForScreen(pane, (screen) => screen.includes("›"));
    await Bun.sleep(2_000); // let start-up work (MCP, history, caches) finish
    const before = threads(pid);
    await Bun.sleep(seconds * 1000);
    const after = threads(pid);
    let ticks = 0;
    let wakeups = 0;
    const busy: string[] = [];
    for (const [tid, end] of after) {
      const start = before.get(tid) ?? { ticks: 0, wakeups: 0 };
      const dt = end.ticks - start.ticks;
      const dw = end.wakeups - start.wakeups;
      ticks += dt;
      wakeups += dw;
      if (dw > 0 || dt > 0) busy.push(`${end.name}#${tid}: ${dw} wake-ups, ${dt * 10} ms`);
    }
    const typed = Date.now();
    tmux("send-keys", "-t", pane, "-l", "z");
    await waitForScreen(pane, (screen) => screen.includes("z"));
    return { cpuMs: ticks * 10, wakeups, keyMs: Date.now() - typed, busy };
  } finally {
    spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", pane]);
    // 0.169's TUI leaves a managed app-server daemon running from its CODEX_HOME (~150 MiB, and
    // CPU that would skew the benchmarks after this one).
    spawnSync("pkill", ["-f", home]);
  }
}

const binaries = { ours: ourCodex(), reference: referenceCodex(CURRENT_REFERENCE_VERSION) };
const samples = { ours: [] as Sample[], reference: [] as Sample[] };
for (let run = 0; run < runs; run++)
  for (const who of ["ours", "reference"] as const) samples[who].push(await idleRun(binaries[who], run));
await server.close();
rmSync(scratch, { recursive: true, force: true });

const row = (who: "ours" | "reference") => {
  const list = samples[who];
  const cpu = median(list.map((s) => s.cpuMs));
  const percent = ((cpu / (seconds * 1000)) * 100).toFixed(2);
  const wakeups = median(list.map((s) => s.wakeups));
  const key = median(list.map((s) => s.keyMs));
  return `| ${who === "ours" ? "ours" : `Rust ${CURRENT_REFERENCE_VERSION}`} | ${cpu.toFixed(0)} ms (${percent} %) | ${wakeups} | ${key.toFixed(0)} ms |`;
};
console.log(
  `\nIdle TUI for ${seconds} s after its composer is drawn (median of ${runs} alternating runs; load average ${loadAverage()}); target 0.0 % CPU`,
);
console.log("| binary | CPU while idle | thread wake-ups | first key to screen (tmux polling 50 ms) |");
console.log("|---|---:|---:|---:|");
console.log(row("ours"));
console.log(row("reference"));
if (process.env.BENCH_THREADS === "1")
  for (const sample of samples.ours)
    console.log(`ours, threads that woke: ${sample.busy.join("; ") || "none"}`);
