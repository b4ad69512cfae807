/**
 * One `codex exec` turn against the mock model server, ours beside the Rust `@openai/codex`: wall
 * time of the whole process, time from spawn to the first request reaching the server, and peak
 * RSS. Targets (issue 3): ≤0.35× wall, ≤0.25× time to first request, ≤0.5× peak memory.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completed, MockModelServer, responsesStream, textResponse } from "@codex/test-support";
import { median, ourCodex, printTable, type Row, type RunSample, referenceCodex, runOnce } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 15);
const server = await MockModelServer.start();
const workspace = mkdtempSync(join(tmpdir(), "bench-exec-ws-"));
mkdirSync(join(workspace, ".git"));

function codexHome(): string {
  const home = mkdtempSync(join(tmpdir(), "bench-exec-home-"));
  writeFileSync(
    join(home, "config.toml"),
    [
      'model = "gpt-5-codex"',
      'model_provider = "mock"',
      "[model_providers.mock]",
      'name = "mock"',
      `base_url = "${server.baseUrl}"`,
      'wire_api = "responses"',
      "request_max_retries = 0",
      "stream_max_retries = 0",
      "",
    ].join("\n"),
  );
  return home;
}

type Measured = { samples: RunSample[]; firstRequestMs: number[] };

/** One run of `binary exec`, timing the process and the arrival of its first request. */
async function runTurn(
  binary: string,
  home: string,
  options: { measureMemory: boolean },
): Promise<[RunSample, number]> {
  server.enqueue(responsesStream([textResponse("hi"), completed({ input_tokens: 10, output_tokens: 2 })]));
  const started = performance.now();
  const firstRequest = server
    .waitForRequests(server.requests.length + 1, { timeoutMs: 30_000 })
    .then(() => performance.now() - started);
  const sample = await runOnce([binary, "exec", "--skip-git-repo-check", "say hi"], {
    cwd: workspace,
    env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-bench" },
    measureMemory: options.measureMemory,
  });
  if (sample.code !== 0) throw new Error(`${binary} exec exited ${sample.code}`);
  return [sample, await firstRequest];
}

/** Runs ours and the reference alternately (so background load affects both alike). */
async function measure(options: {
  measureMemory: boolean;
  runs: number;
}): Promise<Record<"ours" | "reference", Measured>> {
  const binaries = { ours: ourCodex(), reference: referenceCodex() };
  const homes = { ours: codexHome(), reference: codexHome() };
  const out = {
    ours: { samples: [], firstRequestMs: [] },
    reference: { samples: [], firstRequestMs: [] },
  } as Record<"ours" | "reference", Measured>;
  for (let i = 0; i < options.runs + 2; i++) {
    for (const who of ["ours", "reference"] as const) {
      const [sample, first] = await runTurn(binaries[who], homes[who], options);
      if (i < 2) continue; // warm-up
      out[who].samples.push(sample);
      out[who].firstRequestMs.push(first);
    }
  }
  return out;
}

const timed = await measure({ measureMemory: false, runs });
const memory = await measure({ measureMemory: true, runs: 5 });
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
  },
  { name: "peak RSS", ours: rss(memory.ours), reference: rss(memory.reference), unit: "MiB" },
];
printTable(
  `codex exec, one turn against the mock server (median of ${runs} interleaved runs); targets 0.35 / 0.25 / 0.5`,
  rows,
);
