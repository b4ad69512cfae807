/**
 * A patch to a large file, applied in one `codex exec` turn: a 200,000-line (10.6 MB) file, with
 * one hunk and with 2,000 hunks spread through it, ours beside Rust Codex 0.169. Reports the
 * whole process's wall time and peak RSS (GNU time). No target in issue 19; this is where the
 * line diffs behind patch previews and turn diffs cost most (docs/performance.md).
 * Ours applies it with its apply_patch tool; 0.169, whose tools for this mock model are
 * `exec_command` and friends, with `apply_patch <<'EOF'` through `exec_command`. Both run
 * unsandboxed (danger-full-access), so that only the patch's handling differs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  customToolCall,
  functionCall,
  MockModelServer,
  makeGitRepo,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import {
  CURRENT_REFERENCE_VERSION,
  median,
  mockCodexHome,
  ourCodex,
  printTable,
  referenceCodex,
  runOnce,
} from "./lib.ts";

const LINES = 200_000;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const server = await MockModelServer.start();
const scratch = mkdtempSync(join(tmpdir(), "codex-bench-patch-turn-"));
const lines = Array.from({ length: LINES }, (_, i) =>
  i % 100 === 0 ? `function block_${i / 100}() {` : `  const value_${i} = compute(${i}); // line ${i}`,
);
const original = `${lines.join("\n")}\n`;

/** A patch that changes one line in each of `hunks` places spread evenly through the file. */
function patchOf(hunks: number): string {
  let patch = "*** Begin Patch\n*** Update File: big.ts\n";
  const stride = LINES / hunks;
  for (let h = 0; h < hunks; h++) {
    const base = h * stride;
    patch += `@@ function block_${Math.floor(base / 100)}() {\n`;
    for (let i = base + 10; i < base + 13; i++) patch += ` ${lines[i]}\n`;
    patch += `-${lines[base + 13]}\n+  const value_${base + 13} = computeFaster(${base + 13});\n`;
    for (let i = base + 14; i < base + 17; i++) patch += ` ${lines[i]}\n`;
  }
  return `${patch}*** End Patch\n`;
}

async function patchTurn(binary: string, isReference: boolean, patch: string, run: string) {
  const workspace = join(scratch, `ws-${run}`);
  makeGitRepo(workspace);
  writeFileSync(join(workspace, "big.ts"), original);
  const home = mockCodexHome(join(scratch, `home-${run}`), server.baseUrl);
  const call = isReference
    ? functionCall("exec_command", { cmd: `apply_patch <<'EOF'\n${patch}EOF\n` }, "call_patch")
    : customToolCall("apply_patch", patch, "call_patch");
  server.enqueue(responsesStream([...call, completed({ input_tokens: 10, output_tokens: 5 })]));
  server.enqueue(responsesStream([textResponse("done"), completed({ input_tokens: 10, output_tokens: 2 })]));
  const sample = await runOnce(
    [binary, "exec", "--skip-git-repo-check", "-s", "danger-full-access", "apply the patch"],
    {
      cwd: workspace,
      env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-bench" },
      measureMemory: true,
    },
  );
  const applied = readFileSync(join(workspace, "big.ts"), "utf8").includes("computeFaster(13)");
  rmSync(workspace, { recursive: true, force: true });
  if (sample.code !== 0 || !applied || sample.peakRssKiB === null)
    throw new Error(`${binary}: the patch turn failed (exit ${sample.code}, applied ${applied})`);
  return { ms: sample.wallMs, mib: sample.peakRssKiB / 1024 };
}

const binaries = { ours: ourCodex(), reference: referenceCodex(CURRENT_REFERENCE_VERSION) };
const rows = [];
for (const hunks of [1, 2000]) {
  const patch = patchOf(hunks);
  const samples = {
    ours: [] as { ms: number; mib: number }[],
    reference: [] as { ms: number; mib: number }[],
  };
  // One warm-up each, then alternating runs.
  for (let r = 0; r <= runs; r++) {
    for (const side of ["ours", "reference"] as const) {
      const sample = await patchTurn(binaries[side], side === "reference", patch, `${hunks}-${r}-${side}`);
      if (r > 0) samples[side].push(sample);
    }
  }
  const of = (side: "ours" | "reference", key: "ms" | "mib") => median(samples[side].map((s) => s[key]));
  rows.push(
    {
      name: `${hunks} hunk${hunks === 1 ? "" : "s"}: wall`,
      ours: of("ours", "ms"),
      reference: of("reference", "ms"),
      unit: "ms",
    },
    {
      name: `${hunks} hunk${hunks === 1 ? "" : "s"}: peak RSS`,
      ours: of("ours", "mib"),
      reference: of("reference", "mib"),
      unit: "MiB",
    },
  );
}
await server.close();
rmSync(scratch, { recursive: true, force: true });
printTable(
  `a patch to a 200,000-line file in one codex exec turn, beside Rust ${CURRENT_REFERENCE_VERSION} (median of ${runs} alternating runs)`,
  rows,
);
