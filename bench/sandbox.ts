/**
 * Sandbox overhead: extra wall time of a sandboxed `/bin/true` over a bare one, per tier, beside the
 * Rust reference (0.47: Landlock + seccomp only).
 *
 * - "per command": what core pays for every shell command (the host probe is cached in core): ours
 *   exactly as core spawns it (bwrap with the filter on fd 3, or the Landlock supervisor) against
 *   the reference's `codex-linux-sandbox <cwd> <policy> -- /bin/true` (its arg0 helper); and an
 *   unsandboxed command under the native supervisor against a direct spawn (what 0.47 does).
 * - "one-shot CLI": `codex sandbox linux [--full-auto] -- /bin/true`, probe included.
 */
import { closeSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bwrapSessionProblem,
  bwrapSessionsSettled,
  type PreparedCommand,
  prepareSandboxedCommand,
  readablePipe,
} from "@codex/sandbox";
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

type Runnable = string[] | PreparedCommand;

/** Runs one command (a prepared one with its fd 3 input) and measures wall and CPU time. */
async function measured(command: Runnable): Promise<{ wallMs: number; cpuMs: number; code: number }> {
  const argv = Array.isArray(command) ? command : [command.program, ...command.args];
  const fd3 = !Array.isArray(command) && command.fd3Input ? readablePipe(command.fd3Input) : null;
  const started = performance.now();
  const extra = Array.isArray(command) ? [] : (command.extraFds ?? []);
  const child = Bun.spawn(argv, {
    cwd: ws,
    env: Array.isArray(command) ? process.env : command.env,
    stdio: ["ignore", "ignore", "ignore", fd3 ?? "ignore", ...extra],
  });
  if (fd3 !== null) closeSync(fd3);
  const code = await child.exited;
  const usage = child.resourceUsage();
  return { wallMs: performance.now() - started, cpuMs: usage ? Number(usage.cpuTime.total) / 1000 : 0, code };
}

/** CPU time (user + system, the process and the children it waited for), in ms: robust under load. */
async function cpuOverBare(
  ours: Runnable,
  reference: string[],
): Promise<{ ours: number; reference: number }> {
  const samples = { bare: [] as number[], ours: [] as number[], reference: [] as number[] };
  for (let i = 0; i < runs; i++) {
    samples.bare.push((await measured(["/bin/true"])).cpuMs);
    samples.ours.push((await measured(ours)).cpuMs);
    samples.reference.push((await measured(reference)).cpuMs);
  }
  const bare = median(samples.bare);
  return { ours: median(samples.ours) - bare, reference: median(samples.reference) - bare };
}

/** Bare, ours and the reference interleaved, so background load hits all three alike. */
async function extraOverBare(
  ours: Runnable,
  reference: string[],
): Promise<{ ours: number; reference: number; bare: number }> {
  const samples = { bare: [] as RunSample[], ours: [] as RunSample[], reference: [] as RunSample[] };
  for (let i = 0; i < runs + 2; i++) {
    const bare = await runOnce(["/bin/true"], { cwd: ws });
    const a = await measured(ours);
    const b = await runOnce(reference, { cwd: ws });
    if (a.code !== 0 || b.code !== 0) throw new Error("a sandboxed /bin/true failed");
    if (i < 2) continue;
    samples.bare.push(bare);
    samples.ours.push({ wallMs: a.wallMs, peakRssKiB: null, code: a.code });
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
const ourForms: Record<string, PreparedCommand> = {};
// A prepared command is meant for one spawn; here one is reused for every run (its Landlock
// ruleset too), which measures the same spawn without the preparation.
const forms = [
  ["bwrap + seccomp (session sandbox entered by the native supervisor)", "bwrap", "native", true],
  ["bwrap + seccomp (a bwrap per command, filter on fd 3)", "bwrap", "native", false],
  ["Landlock + seccomp (native supervisor)", "landlock", "native", false],
  ["Landlock + seccomp (Bun supervisor + inner stage)", "landlock", "bun", false],
] as const;
for (const [tier, backend, supervisor, bwrapSession] of forms) {
  const prepare = () =>
    prepareSandboxedCommand({
      policy,
      argv: ["/bin/true"],
      cwd: ws,
      sandboxCwd: ws,
      env: process.env,
      backend,
      helperCommand: [ours],
      landlockSupervisor: supervisor,
      bwrapSession,
    });
  let prepared = prepare();
  if (bwrapSession) {
    // The first command of a layout gets a bwrap of its own while the session starts.
    prepared.release?.();
    await bwrapSessionsSettled();
    prepared = prepare();
    if (prepared.program.endsWith("bwrap")) {
      console.log(`(no bwrap session here: ${bwrapSessionProblem() ?? "none started"})`);
      continue;
    }
  }
  ourForms[tier] = prepared;
}

// An unsandboxed command (danger-full-access) under the native supervisor, so that nothing it
// starts outlives codex mid-command; the reference spawns it directly.
const supervisedUnsandboxed = prepareSandboxedCommand({
  policy: { mode: "danger-full-access" },
  argv: ["/bin/true"],
  cwd: ws,
  sandboxCwd: ws,
  env: process.env,
});
if (supervisedUnsandboxed.program !== "/bin/true")
  ourForms["none (danger-full-access), native supervisor"] = supervisedUnsandboxed;
const referenceFor = (tier: string) => (tier.startsWith("none") ? ["/bin/true"] : referencePerCommand);
const referenceName = (tier: string) => (tier.startsWith("none") ? "direct spawn" : "Landlock");

const rows: Row[] = [];
let bare = Number.NaN;
for (const [tier, argv] of Object.entries(ourForms)) {
  const timed = await extraOverBare(argv, referenceFor(tier));
  bare = timed.bare;
  rows.push({ name: `per command, ${tier} (ref: ${referenceName(tier)}), extra`, ...timed, unit: "ms" });
  rows.push({
    name: `per command, ${tier}, extra CPU (user+sys)`,
    ...(await cpuOverBare(argv, referenceFor(tier))),
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
