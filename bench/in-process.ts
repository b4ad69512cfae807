/**
 * Speed of in-process work that the unit tests check only for correctness (tests assert no
 * times: CI machines are loaded). Each figure is the median of several runs, with its target:
 * - unifiedDiff of a 20,000-line file with 200 scattered edits;
 * - the streaming apply_patch parser fed a 1,000-hunk patch in 8-byte pieces (linear, not
 *   re-parsing the whole text on every push);
 * - the TUI's fuzzy file search over 100,000 paths (interactive: one keystroke's worth);
 * - finding the newest session and a session by id among 10,000 rollouts (one day directory, not
 *   the whole tree);
 * - the shell tool reading 10 MB of command output, and the longest event-loop stall meanwhile;
 * - keystroke to the frame that shows it, in the TUI on a headless terminal.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StreamingPatchParser, unifiedDiff } from "../packages/apply-patch/src/index.ts";
import { findNewestSession, findRolloutPathById } from "../packages/core/src/rollout/find.ts";
import { createShellHandler } from "../packages/core/src/tools/handlers/shell.ts";
import { writeSyntheticSession } from "../packages/core/test/rollout/helpers.ts";
import { fakeContext, functionCall } from "../packages/core/test/tools/fake-context.ts";
import { fuzzyFilter } from "../packages/tui/src/features/fuzzy.ts";
import { startTui } from "../packages/tui/test/helpers/harness.ts";
import { syntheticRepo } from "../packages/tui/test/helpers/synthetic-repo.ts";
import { median } from "./lib.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
type Figure = { name: string; ms: number; targetMs: number };
const figures: Figure[] = [];

function time(name: string, targetMs: number, fn: () => void): void {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  figures.push({ name, ms: median(samples), targetMs });
}

// apply_patch: diff preview and the streaming parser.
const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
const edited = lines.map((line, i) => (i % 100 === 1 ? `changed ${i}\n` : line));
time("unifiedDiff, 20,000 lines, 200 edits", 300, () => unifiedDiff(lines.join(""), edited.join("")));

let patch = "*** Begin Patch\n";
for (let i = 0; i < 1000; i++) patch += `*** Update File: f${i}.txt\n@@\n-a\n+b\n`;
patch += "*** End Patch\n";
time("streaming patch parser, 1,000 hunks in 8-byte pieces", 100, () => {
  const parser = new StreamingPatchParser();
  for (let i = 0; i < patch.length; i += 8) parser.push(patch.slice(i, i + 8));
});

// TUI file search.
const files = syntheticRepo(100_000);
const lowered = files.map((f) => f.toLowerCase());
for (const query of ["b", "btn", "tuiviewswidget", "session_4242", "zzzz"]) {
  time(`fuzzy search over 100,000 paths: "${query}"`, 100, () => fuzzyFilter(files, query, 8, lowered));
}

// Rollout lookup among 10,000 sessions.
const home = mkdtempSync(join(tmpdir(), "codex-bench-rollouts-"));
try {
  const start = new Date(2024, 0, 1, 9, 0, 0).getTime();
  const sessions: Array<{ id: string }> = [];
  for (let i = 0; i < 10_000; i++)
    sessions.push(writeSyntheticSession(home, { at: new Date(start + i * 47 * 60_000), cwd: `/p${i % 3}` }));
  time("newest of 10,000 sessions", 30, () => findNewestSession(home));
  const oldest = sessions[0]?.id as string;
  time("oldest of 10,000 sessions by id", 20, () => findRolloutPathById(home, oldest));
} finally {
  rmSync(home, { recursive: true, force: true });
}

// Shell tool: 10 MB of output, with a 5 ms ticker measuring the event loop's longest stall.
{
  const cwd = mkdtempSync(join(tmpdir(), "codex-bench-shell-"));
  const shell = createShellHandler();
  let maxGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  await shell.run(
    functionCall("shell", { command: ["bash", "-c", "yes 'some output line' | head -c 10000000"] }),
    fakeContext({ cwd }).ctx,
  );
  figures.push({ name: "shell tool, 10 MB of output", ms: performance.now() - t0, targetMs: 2000 });
  clearInterval(ticker);
  figures.push({ name: "longest event-loop stall meanwhile", ms: maxGap, targetMs: 100 });
  rmSync(cwd, { recursive: true, force: true });
}

// TUI: keystroke to the frame that shows it.
const h = await startTui();
h.session.configured();
await h.settle();
const keys: number[] = [];
for (let i = 0; i < 50; i++) {
  const written = h.term.written.length;
  const t0 = performance.now();
  h.term.type("k");
  while (h.term.written.length === written) await new Promise((r) => setImmediate(r));
  keys.push(performance.now() - t0);
  await h.settle();
}
figures.push({ name: "TUI keystroke to frame (headless terminal)", ms: median(keys), targetMs: 20 });
await h.type("\x03\x03\x03");
await h.exit;

console.log(`\nIn-process figures (median of ${RUNS} runs; keystrokes: of 50)`);
console.log("| measure | ms | target |");
console.log("|---|---:|---:|");
for (const f of figures) console.log(`| ${f.name} | ${f.ms.toFixed(1)} | < ${f.targetMs} |`);
const over = figures.filter((f) => f.ms > f.targetMs);
if (over.length > 0) {
  console.error(`over target: ${over.map((f) => f.name).join("; ")}`);
  process.exitCode = 1;
}
