/**
 * One `codex exec` turn against the mock model server, ours beside Rust Codex 0.169: wall time of
 * the whole process, time from spawn to the first request reaching the server, and peak RSS, with
 * the Bun floor (a compiled hello-world that only POSTs to the server, timed in the same rounds).
 * Targets (issue 19): ≤ 0.15× time to first request, ≤ 0.25× peak RSS.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completed, MockModelServer, makeGitRepo, responsesStream, textResponse } from "@codex/test-support";
import { bunFloor } from "./floor/build.ts";
import {
  CURRENT_REFERENCE_VERSION,
  median,
  mockCodexHome,
  ourCodex,
  printTable,
  type Row,
  type RunSample,
  referenceCodex,
  runOnce,
} from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 15);
const server = await MockModelServer.start();
const workspace = mkdtempSync(join(tmpdir(), "bench-exec-ws-"));
makeGitRepo(workspace);

function codexHome(): string {
  return mockCodexHome(mkdtempSync(join(tmpdir(), "bench-exec-home-")), server.baseUrl);
}

type Measured = { samples: RunSample[]; firstRequestMs: number[] };
type Who = "ours" | "reference" | "floor";

/** One run of `binary exec` (or the floor program), timing the process and the arrival of its first request. */
async function runTurn(who: Who, binary: string, home: string, options: { measureMemory: boolean }) {
  server.enqueue(responsesStream([textResponse("hi"), completed({ input_tokens: 10, output_tokens: 2 })]));
  const started = performance.now();
  const firstRequest = server
    .waitForRequests(server.requests.length + 1, { timeoutMs: 30_000 })
    .then(() => performance.now() - started);
  const argv =
    who === "floor"
      ? [binary, `${server.baseUrl}/responses`]
      : [binary, "exec", "--skip-git-repo-check", "say hi"];
  const sample = await runOnce(argv, {
    cwd: workspace,
    env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-bench" },
    measureMemory: options.measureMemory,
  });
  if (sample.code !== 0) throw new Error(`${binary} exited ${sample.code}`);
  return [sample, await firstRequest] as const;
}

/** Runs ours, the reference and the floor alternately (so background load affects all alike). */
async function measure(options: { measureMemory: boolean; runs: number }): Promise<Record<Who, Measured>> {
  const binaries = {
    ours: ourCodex(),
    reference: referenceCodex(CURRENT_REFERENCE_VERSION),
    floor: bunFloor("first-request"),
  };
  const homes = { ours: codexHome(), reference: codexHome(), floor: codexHome() };
  const out = {
    ours: { samples: [], firstRequestMs: [] },
    reference: { samples: [], firstRequestMs: [] },
    floor: { samples: [], firstRequestMs: [] },
  } as Record<Who, Measured>;
  for (let i = 0; i < options.runs + 2; i++) {
    for (const who of ["ours", "reference", "floor"] as const) {
      const [sample, first] = await runTurn(who, binaries[who], homes[who], options);
      if (i < 2) continue; // warm-up
      out[who].samples.push(sample);
      out[who].firstRequestMs.push(first);
    }
  }
  return out;
}

const timed = await measure({ measureMemory: false, runs });
const memory = await measure({ measureMemory: true, runs: 7 });
await server.close();

const wall = (m: Measured) => median(m.samples.map((s) => s.wallMs));
const rss = (m: Measured) => median(m.samples.map((s) => s.peakRssKiB ?? Number.NaN)) / 1024;
const rows: Row[] = [
  { name: "exec turn wall time", ours: wall(timed.ours), reference: wall(timed.reference), unit: "ms" },
  {
    name: "time to first request",
    ours: median(timed.ours.firstRequestMs),
    reference: median(timed.reference.firstRequestMs),
    unit: "ms",
    target: 0.15,
    floor: median(timed.floor.firstRequestMs),
  },
  {
    name: "peak RSS",
    ours: rss(memory.ours),
    reference: rss(memory.reference),
    unit: "MiB",
    target: 0.25,
    floor: rss(memory.floor),
  },
];
printTable(
  `codex exec, one turn against the mock server, beside Rust ${CURRENT_REFERENCE_VERSION} (median of ${runs} alternating runs)`,
  rows,
);
