/**
 * apply_patch on a 20,000-line file with a 200-chunk patch (each chunk: an `@@ function ...`
 * context line, 3 context lines, 1 removed, 2 added, 3 context lines). Timed three ways, median of
 * several runs: our library in-process, our executable as a whole process
 * (`dist/codex --codex-run-as-apply-patch PATCH`), and the Rust reference the same way. The results
 * of both executables are checked to be byte-identical. Target: under 50 ms.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyPatch } from "../packages/apply-patch/src/index.ts";
import { median, ourCodex, printTable, referenceCodex, timeRuns } from "./lib.ts";

const LINES = 20_000;
const CHUNKS = 200;
const RUNS = 15;

function generate(): { original: string; patch: string } {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    lines.push(
      i % 100 === 0 ? `function block_${i / 100}() {` : `  const value_${i} = compute(${i}); // line ${i}`,
    );
  }
  let patch = "*** Begin Patch\n*** Update File: big.ts\n";
  const stride = LINES / CHUNKS;
  for (let c = 0; c < CHUNKS; c++) {
    const base = c * stride;
    patch += `@@ function block_${base / 100}() {\n`;
    for (let i = base + 10; i < base + 13; i++) patch += ` ${lines[i]}\n`;
    patch += `-${lines[base + 13]}\n`;
    patch += `+  const value_${base + 13} = computeFaster(${base + 13});\n`;
    patch += `+  record(value_${base + 13});\n`;
    for (let i = base + 14; i < base + 17; i++) patch += ` ${lines[i]}\n`;
  }
  patch += "*** End Patch\n";
  return { original: `${lines.join("\n")}\n`, patch };
}

const { original, patch } = generate();
const work = mkdtempSync(join(tmpdir(), "bench-apply-patch-"));
const file = join(work, "big.ts");
const reset = () => writeFileSync(file, original);

// In-process: parse + match + write, through node:fs. The first run is cold (no JIT yet).
const inProcess: number[] = [];
let firstRun = 0;
for (let i = 0; i < RUNS + 3; i++) {
  reset();
  const started = performance.now();
  await applyPatch(patch, { cwd: work });
  if (i === 0) firstRun = performance.now() - started;
  if (i >= 3) inProcess.push(performance.now() - started);
}
const expected = readFileSync(file, "utf8");

async function wholeProcess(binary: string, text = patch): Promise<{ ms: number; result: string }> {
  const samples = await timeRuns([binary, "--codex-run-as-apply-patch", text], {
    cwd: work,
    runs: RUNS,
    before: reset,
  });
  if (samples.some((sample) => sample.code !== 0)) throw new Error(`${binary} failed to apply the patch`);
  return { ms: median(samples.map((sample) => sample.wallMs)), result: readFileSync(file, "utf8") };
}

/** Median CPU time (user + system) of whole-process runs, via GNU time; steadier than wall time on a busy machine. */
function cpuMs(binary: string): number | null {
  if (!existsSync("/usr/bin/time")) return null;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    reset();
    const run = Bun.spawnSync(
      ["/usr/bin/time", "-f", "__CPU=%U %S", binary, "--codex-run-as-apply-patch", patch],
      {
        cwd: work,
      },
    );
    const match = /__CPU=([\d.]+) ([\d.]+)/.exec(run.stderr.toString());
    if (match) samples.push((Number(match[1]) + Number(match[2])) * 1000);
  }
  return samples.length > 0 ? median(samples) : null;
}

const ours = await wholeProcess(ourCodex());
const reference = await wholeProcess(referenceCodex());
// Start-up floor: the same invocation with a one-line patch.
const tiny = "*** Begin Patch\n*** Add File: tiny.txt\n+x\n*** End Patch\n";
const oursTiny = await wholeProcess(ourCodex(), tiny);
const referenceTiny = await wholeProcess(referenceCodex(), tiny);
const oursCpu = cpuMs(ourCodex());
const referenceCpu = cpuMs(referenceCodex());
rmSync(work, { recursive: true, force: true });

console.log(`file: ${LINES} lines, patch: ${CHUNKS} chunks (${patch.length} bytes); median of ${RUNS} runs`);
console.log(
  `in-process library: ${median(inProcess).toFixed(2)} ms median, first (cold) run ${firstRun.toFixed(2)} ms`,
);
console.log(
  `results identical to the reference: ${ours.result === reference.result && ours.result === expected}`,
);
printTable("apply_patch, 20k-line file, 200 chunks (whole process)", [
  { name: "20k lines, 200 chunks", ours: ours.ms, reference: reference.ms, unit: "ms" },
  { name: "one-line Add File (start-up floor)", ours: oursTiny.ms, reference: referenceTiny.ms, unit: "ms" },
  ...(oursCpu !== null && referenceCpu !== null
    ? [
        {
          name: "20k lines, 200 chunks: CPU time (user+sys)",
          ours: oursCpu,
          reference: referenceCpu,
          unit: "ms",
        },
      ]
    : []),
]);
if (ours.result !== reference.result) process.exitCode = 1;
