/**
 * Memory that stays bounded by what is kept: one `codex exec` turn in which the model runs 100
 * commands that each print 200 KB (20 MB through codex in all), ours beside Rust Codex 0.47.
 * Reports peak RSS (GNU time) of the whole process. Target (issue 19): ≤ 1.25× of 0.47's. The Bun
 * floor is a compiled program that only asks the server, runs the same 100 commands reading and
 * dropping their output, and asks again (bench/floor/many-commands.ts).
 * Commands run unsandboxed (danger-full-access) so that only output handling differs.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completed, functionCall, MockModelServer, responsesStream, textResponse } from "@codex/test-support";
import { bunFloor } from "./floor/build.ts";
import { median, mockCodexHome, ourCodex, printTable, referenceCodex, runOnce } from "./lib.ts";

const COMMANDS = 100;
const BYTES = 200 * 1024;
const runs = Number(process.env.BENCH_RUNS ?? 7);
const server = await MockModelServer.start();
const scratch = mkdtempSync(join(tmpdir(), "codex-bench-memory-"));

function codexHome(name: string): string {
  return mockCodexHome(join(scratch, `home-${name}`), server.baseUrl);
}

/** 200 KB of 80-column lines, printed by the command itself. */
const PRINT = `yes 'the quick brown fox jumps over the lazy dog, again and again and again, forever' | head -c ${BYTES}`;

async function peakRss(binary: string, home: string, run: number): Promise<number> {
  const workspace = join(scratch, `ws-${run}-${binary.length}`);
  mkdirSync(workspace, { recursive: true });
  const calls = Array.from({ length: COMMANDS }, (_, i) =>
    functionCall("shell", { command: ["bash", "-c", PRINT] }, `call_${i}`),
  ).flat();
  server.enqueue(responsesStream([...calls, completed({ input_tokens: 10, output_tokens: 5 })]));
  server.enqueue(responsesStream([textResponse("done"), completed({ input_tokens: 10, output_tokens: 2 })]));
  const sample = await runOnce(
    [binary, "exec", "--skip-git-repo-check", "-s", "danger-full-access", "print a lot"],
    {
      cwd: workspace,
      env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-bench" },
      measureMemory: true,
    },
  );
  if (sample.code !== 0 || sample.peakRssKiB === null) throw new Error(`${binary} exec failed`);
  return sample.peakRssKiB / 1024;
}

/** Peak RSS of the floor program doing the same turn's work. */
async function floorPeakRss(binary: string): Promise<number> {
  server.enqueue(responsesStream([textResponse("go"), completed({ input_tokens: 1, output_tokens: 1 })]));
  server.enqueue(responsesStream([textResponse("done"), completed({ input_tokens: 1, output_tokens: 1 })]));
  const sample = await runOnce([binary, `${server.baseUrl}/responses`, PRINT, String(COMMANDS)], {
    cwd: scratch,
    measureMemory: true,
  });
  if (sample.code !== 0 || sample.peakRssKiB === null) throw new Error("the Bun floor program failed");
  return sample.peakRssKiB / 1024;
}

const binaries = { ours: ourCodex(), reference: referenceCodex() };
const homes = { ours: codexHome("ours"), reference: codexHome("reference") };
const floor = bunFloor("many-commands");
const samples = { ours: [] as number[], reference: [] as number[], floor: [] as number[] };
for (let run = 0; run < runs; run++) {
  for (const who of ["ours", "reference"] as const)
    samples[who].push(await peakRss(binaries[who], homes[who], run));
  samples.floor.push(await floorPeakRss(floor));
}
await server.close();
rmSync(scratch, { recursive: true, force: true });
printTable(
  `exec turn, ${COMMANDS} commands × ${BYTES / 1024} KB of output (median of ${runs} alternating runs); target ≤ 1.25× of 0.47`,
  [
    {
      name: "peak RSS",
      ours: median(samples.ours),
      reference: median(samples.reference),
      unit: "MiB",
      target: 1.25,
      floor: median(samples.floor),
    },
  ],
);
