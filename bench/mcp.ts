/**
 * Time to the first model request of `codex exec` with five configured stdio MCP servers
 * (`@modelcontextprotocol/server-everything` under node), ours beside the Rust `@openai/codex`:
 * - no servers at all (the baseline);
 * - five servers, cold: ours has no cached tool lists, so it starts all five and waits for them;
 * - five servers, cached: ours offers the cached tool lists and starts no server (none is called).
 *   The reference has no cache: it starts every server before its first request in both cases.
 * Target (issue 6): cached start adds under 20 ms over no servers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completed, MockModelServer, makeGitRepo, responsesStream, textResponse } from "@codex/test-support";
import { median, mockCodexHome, ourCodex, printTable, type Row, referenceCodex, runOnce } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 10);
const node = Bun.which("node") ?? "node";
const everything = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const server = await MockModelServer.start();
const workspace = mkdtempSync(join(tmpdir(), "bench-mcp-ws-"));
makeGitRepo(workspace);

function codexHome(servers: number, options: { offerTools: boolean } = { offerTools: true }): string {
  const tables: string[] = [];
  for (let i = 1; i <= servers; i++) {
    tables.push(`[mcp_servers.everything${i}]`, `command = ${JSON.stringify(node)}`);
    tables.push(`args = [${JSON.stringify(everything)}, "stdio"]`, "startup_timeout_sec = 30");
    if (!options.offerTools) tables.push("enabled_tools = []");
  }
  return mockCodexHome(mkdtempSync(join(tmpdir(), "bench-mcp-home-")), server.baseUrl, tables);
}

type Sample = { firstRequestMs: number; wallMs: number };
type Case = {
  label: string;
  binary: string;
  home: string;
  cold: boolean;
  samples: Sample[];
  /** Runs that exited non-zero (the reference exits 1 when an MCP server failed to start). */
  failures?: number;
};

/** One `codex exec` turn; the time from spawn to the mock server's first request, and wall time. */
async function once(c: Case): Promise<Sample> {
  if (c.cold) rmSync(join(c.home, "cache"), { recursive: true, force: true });
  server.enqueue(responsesStream([textResponse("hi"), completed({ input_tokens: 10, output_tokens: 2 })]));
  const seen = server.requests.length;
  const started = performance.now();
  let firstRequestMs = Number.NaN;
  const first = server.waitForRequests(seen + 1, { timeoutMs: 120_000 }).then(() => {
    firstRequestMs = performance.now() - started;
  });
  const run = await runOnce([c.binary, "exec", "--skip-git-repo-check", "say hi"], {
    cwd: workspace,
    env: { PATH: process.env.PATH, HOME: c.home, CODEX_HOME: c.home, OPENAI_API_KEY: "sk-bench" },
  });
  await first;
  if (run.code !== 0) c.failures = (c.failures ?? 0) + 1;
  return { firstRequestMs, wallMs: run.wallMs };
}

const ours = ourCodex();
const reference = referenceCodex();
const cases: Case[] = [
  { label: "ours, no MCP servers", binary: ours, home: codexHome(0), cold: false, samples: [] },
  { label: "ours, 5 stdio servers, cached", binary: ours, home: codexHome(5), cold: false, samples: [] },
  { label: "ours, 5 stdio servers, cold", binary: ours, home: codexHome(5), cold: true, samples: [] },
  {
    label: "ours, 5 stdio servers, cached, no tool offered",
    binary: ours,
    home: codexHome(5, { offerTools: false }),
    cold: false,
    samples: [],
  },
  { label: "reference, no MCP servers", binary: reference, home: codexHome(0), cold: false, samples: [] },
  {
    label: "reference, 5 stdio servers (it has no cache)",
    binary: reference,
    home: codexHome(5),
    cold: false,
    samples: [],
  },
];
// Interleaved (every case once per round) so that background load hits all cases alike.
for (let round = 0; round < runs + 1; round++) {
  for (const c of cases) {
    const sample = await once(c);
    if (round > 0) c.samples.push(sample);
  }
}
await server.close();

const med = (c: Case | undefined, key: keyof Sample) => median((c?.samples ?? []).map((s) => s[key]));
const [oursNone, oursCached, oursCold, oursFiltered, refNone, refFive] = cases;
const rows: Row[] = [
  {
    name: "no MCP servers: first request",
    ours: med(oursNone, "firstRequestMs"),
    reference: med(refNone, "firstRequestMs"),
    unit: "ms",
  },
  {
    name: "5 servers, cached: first request",
    ours: med(oursCached, "firstRequestMs"),
    reference: med(refFive, "firstRequestMs"),
    unit: "ms",
  },
  {
    name: "5 servers, cold: first request",
    ours: med(oursCold, "firstRequestMs"),
    reference: med(refFive, "firstRequestMs"),
    unit: "ms",
  },
  {
    name: "no MCP servers: exec wall",
    ours: med(oursNone, "wallMs"),
    reference: med(refNone, "wallMs"),
    unit: "ms",
  },
  {
    name: "5 servers, cached: exec wall",
    ours: med(oursCached, "wallMs"),
    reference: med(refFive, "wallMs"),
    unit: "ms",
  },
  {
    name: "5 servers, cold: exec wall",
    ours: med(oursCold, "wallMs"),
    reference: med(refFive, "wallMs"),
    unit: "ms",
  },
];
printTable(
  `MCP start-up (median of ${runs} interleaved rounds; servers: server-everything under node)`,
  rows,
);
for (const c of cases)
  if (c.failures)
    console.log(`${c.label}: ${c.failures} run(s) exited non-zero (MCP servers failed to start under load)`);
// Paired differences (same round) are robust to load drifting between rounds.
const added = (c: Case | undefined) =>
  median(
    (c?.samples ?? []).map((s, i) => s.firstRequestMs - (oursNone?.samples[i]?.firstRequestMs ?? Number.NaN)),
  );
console.log(
  `\ncached start adds ${added(oursCached).toFixed(1)} ms over no servers (median paired difference; target < 20 ms)`,
);
// The same five cached servers with `enabled_tools = []`: the start-up path without ~40 KB of tool
// schemas in the request body, i.e. what the cache itself costs.
console.log(`of which start-up without the tools in the request: ${added(oursFiltered).toFixed(1)} ms`);
