/** Start-up benchmark: `codex --version` and `codex --help`, ours against the Rust binary. */
import {
  median,
  ourCodex,
  printTable,
  type Row,
  type RunSample,
  referenceCodex,
  timeSideBySide,
} from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 20);
const ours = ourCodex();
const reference = referenceCodex();
const rows: Row[] = [];
const memory = (samples: RunSample[]) => median(samples.map((s) => s.peakRssKiB ?? Number.NaN)) / 1024;
for (const args of [["--version"], ["--help"], ["exec", "--help"]]) {
  const timed = await timeSideBySide([ours, ...args], [reference, ...args], { runs });
  const wall = (samples: RunSample[]) => median(samples.map((s) => s.wallMs));
  rows.push({
    name: `codex ${args.join(" ")} wall`,
    ours: wall(timed.ours),
    reference: wall(timed.reference),
    unit: "ms",
  });
  const mem = await timeSideBySide([ours, ...args], [reference, ...args], {
    runs: 5,
    warmup: 0,
    measureMemory: true,
  });
  rows.push({
    name: `codex ${args.join(" ")} peak RSS`,
    ours: memory(mem.ours),
    reference: memory(mem.reference),
    unit: "MiB",
  });
}
printTable(`Start-up (median of ${runs} runs, interleaved)`, rows);
