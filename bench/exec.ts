/**
 * One `codex exec` turn against the mock model server, ours beside the Rust `@openai/codex`: wall
 * time of the whole process, time from spawn to the first request reaching the server, and peak
 * RSS. Targets (issue 3): ≤0.35× wall, ≤0.25× time to first request, ≤0.5× peak memory.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completed, MockModelServer, responsesStream, textResponse } from "@codex/test-support";
import { median, ourCodex, printTable, type Row, type RunSample, referenceCodex, timeRuns } from "./lib.ts";

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

async function measure(binary: string, options: { measureMemory: boolean }): Promise<Measured> {
  const home = codexHome();
  const firstRequestMs: number[] = [];
  let pending: Promise<void> = Promise.resolve();
  const samples = await timeRuns([binary, "exec", "--skip-git-repo-check", "say hi"], {
    runs,
    warmup: 2,
    cwd: workspace,
    env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-bench" },
    measureMemory: options.measureMemory,
    before: async () => {
      await pending;
      server.enqueue(
        responsesStream([textResponse("hi"), completed({ input_tokens: 10, output_tokens: 2 })]),
      );
      const seen = server.requests.length;
      const started = performance.now();
      pending = server.waitForRequests(seen + 1, { timeoutMs: 30_000 }).then(() => {
        firstRequestMs.push(performance.now() - started);
      });
    },
  });
  await pending;
  for (const sample of samples)
    if (sample.code !== 0) throw new Error(`${binary} exec exited ${sample.code}`);
  // Drop the warm-up runs' request times.
  return { samples, firstRequestMs: firstRequestMs.slice(-runs) };
}

const ours = ourCodex();
const reference = referenceCodex();
const oursTimed = await measure(ours, { measureMemory: false });
const refTimed = await measure(reference, { measureMemory: false });
const oursMem = await measure(ours, { measureMemory: true });
const refMem = await measure(reference, { measureMemory: true });
await server.close();

const wall = (m: Measured) => median(m.samples.map((s) => s.wallMs));
const rss = (m: Measured) => median(m.samples.map((s) => s.peakRssKiB ?? Number.NaN)) / 1024;
const rows: Row[] = [
  { name: "exec turn wall time", ours: wall(oursTimed), reference: wall(refTimed), unit: "ms" },
  {
    name: "time to first request",
    ours: median(oursTimed.firstRequestMs),
    reference: median(refTimed.firstRequestMs),
    unit: "ms",
  },
  { name: "peak RSS", ours: rss(oursMem), reference: rss(refMem), unit: "MiB" },
];
printTable(
  `codex exec, one turn against the mock server (median of ${runs} runs); targets 0.35 / 0.25 / 0.5`,
  rows,
);
