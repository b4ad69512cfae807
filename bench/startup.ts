/**
 * Start-up: `codex --version`, `--help` and `exec --help`, ours beside Rust Codex 0.169 (medians
 * of alternating runs), with the Bun floor: a hello-world compiled with codex's own flags, timed
 * in the same alternation. Target (issue 19): `--version` ≤ 0.6× of 0.169's wall time.
 */
import { bunFloor } from "./floor/build.ts";
import {
  CURRENT_REFERENCE_VERSION,
  median,
  ourCodex,
  printTable,
  type Row,
  type RunSample,
  referenceCodex,
  runOnce,
} from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 20);
const ours = ourCodex();
const reference = referenceCodex(CURRENT_REFERENCE_VERSION);
const floor = bunFloor("hello");
const rows: Row[] = [];
const wall = (samples: RunSample[]) => median(samples.map((s) => s.wallMs));
const memory = (samples: RunSample[]) => median(samples.map((s) => s.peakRssKiB ?? Number.NaN)) / 1024;

/** Ours, the reference and the floor, one after another in each round (two rounds of warm-up). */
async function alternate(args: string[], options: { runs: number; measureMemory: boolean }) {
  const out = { ours: [] as RunSample[], reference: [] as RunSample[], floor: [] as RunSample[] };
  for (let i = 0; i < options.runs + 2; i++) {
    const round = {
      ours: await runOnce([ours, ...args], options),
      reference: await runOnce([reference, ...args], options),
      floor: await runOnce([floor], options),
    };
    if (i < 2) continue;
    out.ours.push(round.ours);
    out.reference.push(round.reference);
    out.floor.push(round.floor);
  }
  return out;
}

for (const args of [["--version"], ["--help"], ["exec", "--help"]]) {
  const timed = await alternate(args, { runs, measureMemory: false });
  rows.push({
    name: `codex ${args.join(" ")} wall`,
    ours: wall(timed.ours),
    reference: wall(timed.reference),
    unit: "ms",
    floor: wall(timed.floor),
    ...(args[0] === "--version" ? { target: 0.6 } : {}),
  });
  const mem = await alternate(args, { runs: 7, measureMemory: true });
  rows.push({
    name: `codex ${args.join(" ")} peak RSS`,
    ours: memory(mem.ours),
    reference: memory(mem.reference),
    unit: "MiB",
    floor: memory(mem.floor),
  });
}
printTable(`Start-up beside Rust ${CURRENT_REFERENCE_VERSION} (median of ${runs} alternating runs)`, rows);
