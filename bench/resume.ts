/**
 * `codex exec resume --last` start-up with 10,000 saved sessions versus one, ours beside the Rust
 * binary. Each run resumes the newest session and completes one turn against a local mock model
 * server, so the figure is the whole process: find the session, read it, one request, exit.
 * Target: ours with 10,000 sessions no slower than ours with one (ratio ≤ 1.1).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  completed,
  MockModelServer,
  responsesStream,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";
import { newSessionId, rolloutPath } from "../packages/core/src/rollout/paths.ts";
import { type Durability, RolloutRecorder } from "../packages/core/src/rollout/recorder.ts";
import { median, ourCodex, printTable, type Row, referenceCodex } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 15);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);

/** A small session in the format both implementations read (session_meta, a user turn, an answer). */
function writeSession(codexHome: string, at: Date, cwd: string): void {
  const id = newSessionId(at.getTime());
  const path = rolloutPath(codexHome, at, id);
  mkdirSync(dirname(path), { recursive: true });
  const timestamp = at.toISOString();
  const text = `question asked at ${timestamp}`;
  const lines = [
    {
      type: "session_meta",
      payload: {
        id,
        timestamp,
        cwd,
        originator: "codex_exec",
        cli_version: "0.47.0",
        instructions: null,
        source: "exec",
      },
    },
    {
      type: "response_item",
      payload: { type: "message", role: "user", content: [{ type: "input_text", text }] },
    },
    { type: "event_msg", payload: { type: "user_message", message: text, kind: "plain" } },
    {
      type: "response_item",
      payload: { type: "message", role: "assistant", content: [{ type: "output_text", text: "an answer" }] },
    },
    { type: "event_msg", payload: { type: "agent_message", message: "an answer" } },
  ];
  writeFileSync(path, lines.map((l) => JSON.stringify({ timestamp, ...l })).join("\n") + "\n");
}

/** A CODEX_HOME holding `count` sessions, one every 47 minutes, the newest a minute ago. */
function makeHome(count: number, baseUrl: string, cwd: string): string {
  const home = mkdtempSync(join(tmpdir(), `codex-bench-resume-${count}-`));
  writeMockProviderConfig(home, { baseUrl });
  const newest = Date.now() - 60_000;
  for (let i = count - 1; i >= 0; i--) writeSession(home, new Date(newest - i * 47 * 60_000), cwd);
  return home;
}

const server = await MockModelServer.start();
const reply = () => responsesStream([textResponse("resumed"), completed()]);
const topUp = () => {
  while (server.pending() < 4) server.enqueue(reply(), { path: "/responses" });
};
const workdir = mkdtempSync(join(tmpdir(), "codex-bench-resume-cwd-"));
const homes = {
  ours1: makeHome(1, server.baseUrl, workdir),
  oursMany: makeHome(SESSIONS, server.baseUrl, workdir),
  ref1: makeHome(1, server.baseUrl, workdir),
  refMany: makeHome(SESSIONS, server.baseUrl, workdir),
};
// The prompt goes on stdin (as the SDK sends it): Codex 0.47 takes a word after `--last` as a SESSION_ID.
const argv = (bin: string) => [bin, "exec", "--skip-git-repo-check", "--json", "resume", "--last"];
const env = (home: string) => ({
  ...process.env,
  CODEX_HOME: home,
  CODEX_API_KEY: "dummy",
  RUST_LOG: "error",
});
type Sample = { wallMs: number; code: number; stderr: string };
const wall = (samples: Sample[]) => median(samples.map((s) => s.wallMs));
const failures = (samples: Sample[]) => samples.filter((s) => s.code !== 0);

/** One whole process, timed; the mock server runs in this process, so the spawn must not block. */
async function runOnce(bin: string, home: string): Promise<Sample> {
  const started = performance.now();
  const child = Bun.spawn(argv(bin), {
    cwd: workdir,
    env: env(home),
    stdin: new Blob(["continue"]),
    stdout: "ignore",
    stderr: "pipe",
  });
  const stderr = await new Response(child.stderr).text();
  const code = await child.exited;
  return { wallMs: performance.now() - started, code, stderr };
}

try {
  const ours = ourCodex();
  const reference = referenceCodex();
  // All four configurations in every round (ours 1, ours many, reference 1, reference many), so
  // load that comes and goes hits each of them alike; the first two rounds warm the caches.
  const configs = [
    { key: "ours1", bin: ours, home: homes.ours1 },
    { key: "oursMany", bin: ours, home: homes.oursMany },
    { key: "ref1", bin: reference, home: homes.ref1 },
    { key: "refMany", bin: reference, home: homes.refMany },
  ] as const;
  const samples: Record<string, Sample[]> = { ours1: [], oursMany: [], ref1: [], refMany: [] };
  for (let i = 0; i < runs + 2; i++) {
    for (const config of configs) {
      topUp();
      const sample = await runOnce(config.bin, config.home);
      if (i >= 2) samples[config.key]?.push(sample);
    }
  }
  for (const config of configs) {
    const bad = failures(samples[config.key] ?? []);
    if (bad.length > 0)
      console.error(`${config.key}: ${bad.length} runs failed; last stderr: ${bad.at(-1)?.stderr.trim()}`);
  }
  const m = (key: string) => wall(samples[key] ?? []);
  const rows: Row[] = [
    { name: "exec resume --last, 1 session", ours: m("ours1"), reference: m("ref1"), unit: "ms" },
    {
      name: `exec resume --last, ${SESSIONS} sessions`,
      ours: m("oursMany"),
      reference: m("refMany"),
      unit: "ms",
    },
  ];
  const results: Record<string, number> = {
    "ours 1 session": m("ours1"),
    [`ours ${SESSIONS} sessions`]: m("oursMany"),
    "ref 1 session": m("ref1"),
    [`ref ${SESSIONS} sessions`]: m("refMany"),
  };
  printTable(`exec resume --last start-up (median of ${runs} runs, interleaved)`, rows);
  const ourRatio = (results[`ours ${SESSIONS} sessions`] as number) / (results["ours 1 session"] as number);
  const refRatio = (results[`ref ${SESSIONS} sessions`] as number) / (results["ref 1 session"] as number);
  console.log(
    `\n${SESSIONS} sessions vs 1: ours ×${ourRatio.toFixed(2)} (target ≤ 1.10), reference ×${refRatio.toFixed(2)}`,
  );
} finally {
  await server.close();
  for (const home of Object.values(homes)) rmSync(home, { recursive: true, force: true });
  rmSync(workdir, { recursive: true, force: true });
}

/**
 * What durability costs: microseconds per 2 KB record with line-atomic writes only (safe from
 * kill -9), with an fdatasync per turn of 10 records (the default), and with one per record.
 */
function durabilityCost(durability: Durability): number {
  const home = mkdtempSync(join(tmpdir(), "codex-bench-durability-"));
  try {
    const recorder = RolloutRecorder.create({
      codexHome: home,
      durability,
      meta: { cwd: "/", originator: "bench", cliVersion: "0", source: "exec", git: null },
    });
    const item = { type: "function_call_output", call_id: "c", output: "x".repeat(2000) } as const;
    const records = 2000;
    const started = performance.now();
    for (let i = 0; i < records; i++) {
      recorder.record([item]);
      if (i % 10 === 9) recorder.sync();
    }
    recorder.close();
    return ((performance.now() - started) / records) * 1000;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

console.log("\nRollout durability cost per 2 KB record (this disk)");
console.log("| policy | µs / record |\n|---|---:|");
for (const policy of ["write", "fsync-turn", "fsync-each"] as const)
  console.log(`| ${policy} | ${durabilityCost(policy).toFixed(0)} |`);
