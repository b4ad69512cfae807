/**
 * Time to the first model request of `codex exec` with five configured stdio MCP servers
 * (`@modelcontextprotocol/server-everything` under node), ours beside the Rust `@openai/codex`:
 * - no servers at all (the baseline);
 * - five servers, cold: ours has no cached tool lists, so it starts all five and waits for them;
 * - five servers, cached: ours offers the cached tool lists and starts no server (none is called).
 *   The reference has no cache: it starts every server before its first request in both cases.
 * Target (issue 6): cached start adds under 20 ms over no servers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completed, MockModelServer, responsesStream, textResponse } from "@codex/test-support";
import { median, ourCodex, printTable, type Row, referenceCodex, timeRuns } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 10);
const node = Bun.which("node") ?? "node";
const everything = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const server = await MockModelServer.start();
const workspace = mkdtempSync(join(tmpdir(), "bench-mcp-ws-"));
mkdirSync(join(workspace, ".git"));

function codexHome(servers: number): string {
  const home = mkdtempSync(join(tmpdir(), "bench-mcp-home-"));
  const lines = [
    'model = "gpt-5-codex"',
    'model_provider = "mock"',
    "[model_providers.mock]",
    'name = "mock"',
    `base_url = "${server.baseUrl}"`,
    'wire_api = "responses"',
    "request_max_retries = 0",
    "stream_max_retries = 0",
    "",
  ];
  for (let i = 1; i <= servers; i++) {
    lines.push(`[mcp_servers.everything${i}]`, `command = ${JSON.stringify(node)}`);
    lines.push(`args = [${JSON.stringify(everything)}, "stdio"]`, "startup_timeout_sec = 30", "");
  }
  writeFileSync(join(home, "config.toml"), lines.join("\n"));
  return home;
}

type Measured = { firstRequestMs: number; wallMs: number };

async function measure(binary: string, options: { servers: number; cold: boolean }): Promise<Measured> {
  const home = codexHome(options.servers);
  const firstRequestMs: number[] = [];
  let pending: Promise<void> = Promise.resolve();
  const samples = await timeRuns([binary, "exec", "--skip-git-repo-check", "say hi"], {
    runs,
    warmup: 1,
    cwd: workspace,
    env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-bench" },
    before: async () => {
      await pending;
      if (options.cold) rmSync(join(home, "cache"), { recursive: true, force: true });
      server.enqueue(
        responsesStream([textResponse("hi"), completed({ input_tokens: 10, output_tokens: 2 })]),
      );
      const seen = server.requests.length;
      const started = performance.now();
      pending = server.waitForRequests(seen + 1, { timeoutMs: 60_000 }).then(() => {
        firstRequestMs.push(performance.now() - started);
      });
    },
  });
  await pending;
  for (const sample of samples)
    if (sample.code !== 0) throw new Error(`${binary} exec exited ${sample.code}`);
  return {
    firstRequestMs: median(firstRequestMs.slice(-runs)),
    wallMs: median(samples.map((s) => s.wallMs)),
  };
}

const ours = ourCodex();
const reference = referenceCodex();
const results: Record<string, { ours: Measured; reference: Measured }> = {};
for (const [label, servers, cold] of [
  ["no MCP servers", 0, false],
  ["5 stdio servers, cold", 5, true],
  ["5 stdio servers, cached", 5, false],
] as const) {
  results[label] = {
    ours: await measure(ours, { servers, cold }),
    reference: await measure(reference, { servers, cold }),
  };
}
await server.close();

const rows: Row[] = [];
for (const [label, r] of Object.entries(results)) {
  rows.push({
    name: `${label}: first request`,
    ours: r.ours.firstRequestMs,
    reference: r.reference.firstRequestMs,
    unit: "ms",
  });
  rows.push({ name: `${label}: exec wall`, ours: r.ours.wallMs, reference: r.reference.wallMs, unit: "ms" });
}
printTable(`MCP start-up (median of ${runs} runs; servers: server-everything under node)`, rows);
const base = results["no MCP servers"]?.ours.firstRequestMs ?? Number.NaN;
const cached = results["5 stdio servers, cached"]?.ours.firstRequestMs ?? Number.NaN;
console.log(`\ncached start adds ${(cached - base).toFixed(1)} ms over no servers (target < 20 ms)`);
