/** Start-up benchmark: `codex --version` and `codex --help`, ours against the Rust binary. */
import { median, ourCodex, printTable, type Row, referenceCodex, timeRuns } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 20);
const ours = ourCodex();
const reference = referenceCodex();
const rows: Row[] = [];
for (const args of [["--version"], ["--help"], ["exec", "--help"]]) {
  const a = await timeRuns([ours, ...args], { runs, measureMemory: true });
  const b = await timeRuns([reference, ...args], { runs, measureMemory: true });
  rows.push({
    name: `codex ${args.join(" ")} wall`,
    ours: median(a.map((s) => s.wallMs)),
    reference: median(b.map((s) => s.wallMs)),
    unit: "ms",
  });
  const memA = a.map((s) => s.peakRssKiB).filter((v): v is number => v !== null);
  const memB = b.map((s) => s.peakRssKiB).filter((v): v is number => v !== null);
  if (memA.length && memB.length)
    rows.push({
      name: `codex ${args.join(" ")} peak RSS`,
      ours: median(memA) / 1024,
      reference: median(memB) / 1024,
      unit: "MiB",
    });
}
printTable(`Start-up (median of ${runs} runs)`, rows);
