/**
 * Sandbox overhead: extra wall time of a sandboxed `/bin/true` over a bare one, per tier, beside the
 * Rust reference (0.47: Landlock + seccomp only).
 *
 * - "per command": what core pays for every shell command (the host probe is cached in core): ours
 *   `codex --codex-linux-sandbox …` (bwrap or Landlock form) against the reference's
 *   `codex-linux-sandbox <cwd> <policy> -- /bin/true` (its arg0 helper, what its core spawns).
 * - "one-shot CLI": `codex sandbox linux [--full-auto] -- /bin/true`, probe included.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareSandboxedCommand } from "@codex/sandbox";
import { median, ourCodex, printTable, type Row, type RunSample, referenceCodex, runOnce } from "./lib.ts";

if (process.platform !== "linux") {
  console.log("sandbox benchmark: Linux only");
  process.exit(0);
}

const runs = Number(process.env.BENCH_RUNS ?? 20);
const ours = ourCodex();
const reference = referenceCodex();
const scratch = mkdtempSync(join(tmpdir(), "codex-bench-sandbox-"));
const ws = join(scratch, "ws");
mkdirSync(join(ws, ".git"), { recursive: true });
const referenceHelper = join(scratch, "codex-linux-sandbox");
symlinkSync(reference, referenceHelper);

const wall = (samples: RunSample[]) => median(samples.map((s) => s.wallMs));

/** CPU time (user + system, the process and the children it waited for), in ms: robust under load. */
function cpuMs(argv: string[]): number {
  const result = Bun.spawnSync(argv, { cwd: ws, stdio: ["ignore", "ignore", "ignore"] });
  return Number(result.resourceUsage.cpuTime.total) / 1000;
}

function cpuOverBare(ours: string[], reference: string[]): { ours: number; reference: number } {
  const samples = { bare: [] as number[], ours: [] as number[], reference: [] as number[] };
  for (let i = 0; i < runs; i++) {
    samples.bare.push(cpuMs(["/bin/true"]));
    samples.ours.push(cpuMs(ours));
    samples.reference.push(cpuMs(reference));
  }
  const bare = median(samples.bare);
  return { ours: median(samples.ours) - bare, reference: median(samples.reference) - bare };
}

/** Bare, ours and the reference interleaved, so background load hits all three alike. */
async function extraOverBare(
  ours: string[],
  reference: string[],
): Promise<{ ours: number; reference: number; bare: number }> {
  const samples = { bare: [] as RunSample[], ours: [] as RunSample[], reference: [] as RunSample[] };
  for (let i = 0; i < runs + 2; i++) {
    const bare = await runOnce(["/bin/true"], { cwd: ws });
    const a = await runOnce(ours, { cwd: ws });
    const b = await runOnce(reference, { cwd: ws });
    if (a.code !== 0 || b.code !== 0) throw new Error(`a sandboxed /bin/true failed: ${ours.join(" ")}`);
    if (i < 2) continue;
    samples.bare.push(bare);
    samples.ours.push(a);
    samples.reference.push(b);
  }
  const bare = wall(samples.bare);
  return { ours: wall(samples.ours) - bare, reference: wall(samples.reference) - bare, bare };
}

const policyJson = JSON.stringify({
  mode: "workspace-write",
  writable_roots: [],
  network_access: false,
  exclude_tmpdir_env_var: true,
  exclude_slash_tmp: true,
});
const referencePerCommand = [referenceHelper, ws, policyJson, "--", "/bin/true"];
const policy = {
  mode: "workspace-write" as const,
  writable_roots: [],
  network_access: false,
  exclude_tmpdir_env_var: true,
  exclude_slash_tmp: true,
};
// Exactly what core spawns for a shell command (prepareSandboxedCommand), with the compiled binary.
const ourForms: Record<string, string[]> = {};
const forms = [
  ["bwrap + seccomp (core's default: /bin/sh pipes the filter)", "bwrap", "shell"],
  ["bwrap + seccomp (through the helper)", "bwrap", "helper"],
  ["Landlock + seccomp (helper)", "landlock", "helper"],
] as const;
for (const [tier, backend, bwrapLauncher] of forms) {
  const prepared = prepareSandboxedCommand({
    policy,
    argv: ["/bin/true"],
    cwd: ws,
    env: process.env,
    backend,
    helperCommand: [ours],
    bwrapLauncher,
  });
  ourForms[tier] = [prepared.program, ...prepared.args];
}

const rows: Row[] = [];
let bare = Number.NaN;
for (const [tier, argv] of Object.entries(ourForms)) {
  const timed = await extraOverBare(argv, referencePerCommand);
  bare = timed.bare;
  rows.push({ name: `per command, ${tier} (ref: Landlock), extra`, ...timed, unit: "ms" });
  rows.push({
    name: `per command, ${tier}, extra CPU (user+sys)`,
    ...cpuOverBare(argv, referencePerCommand),
    unit: "ms",
  });
}
for (const backend of ["auto", "landlock"] as const) {
  const config = ["-c", `sandbox.linux_backend="${backend}"`];
  const timed = await extraOverBare(
    [ours, ...config, "sandbox", "linux", "--full-auto", "--", "/bin/true"],
    [reference, "sandbox", "linux", "--full-auto", "--", "/bin/true"],
  );
  rows.push({
    name: `one-shot \`codex sandbox linux --full-auto\`, ${backend === "auto" ? "bwrap (auto)" : "Landlock"}, extra`,
    ours: timed.ours,
    reference: timed.reference,
    unit: "ms",
  });
}
rows.push({ name: "bare /bin/true (last run)", ours: bare, reference: bare, unit: "ms" });
printTable(
  `Sandboxed /bin/true: wall time over a bare /bin/true (median of ${runs} runs, interleaved)`,
  rows,
);
rmSync(scratch, { recursive: true, force: true });
