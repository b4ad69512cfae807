/**
 * Shared helpers for benchmarks: where the two binaries are, how to time whole processes, and how
 * to print a side-by-side table. The reference (Rust) binary comes from npm `@openai/codex`, installed
 * into bench/node_modules only when a benchmark runs.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { arch, loadavg, platform } from "node:os";
import { join, resolve } from "node:path";

export const REFERENCE_VERSION = "0.47.0";
/** Today's Codex, the compatibility target, for the start-up and exec figures. */
export const CURRENT_REFERENCE_VERSION = "0.169.0";
export const REPO_ROOT = resolve(import.meta.dir, "..");
const BENCH_DIR = join(REPO_ROOT, "bench");

function vendorTriple(): string {
  const cpu = arch() === "arm64" ? "aarch64" : "x86_64";
  if (platform() === "linux") return `${cpu}-unknown-linux-musl`;
  if (platform() === "darwin") return `${cpu}-apple-darwin`;
  return `${cpu}-pc-windows-msvc`;
}

/**
 * Puts an executable's pages in the state of one read from disk: written back, then dropped from
 * the page cache. A binary written moments ago (a fresh build) is mapped from the pages the write
 * left behind and peaks 4–5 MiB higher in RSS than the same file read back from disk (measured on
 * ext4, kernel 6.18), which would favour whichever binary was installed longest ago. Every binary
 * compared goes through this once. Linux only (GNU dd's `nocache`); elsewhere it does nothing.
 */
export function settlePageCache(path: string): string {
  if (platform() !== "linux") return path;
  spawnSync("sync", [path], { stdio: "ignore" });
  spawnSync("dd", [`if=${path}`, "iflag=nocache", "count=0", "status=none"], { stdio: "ignore" });
  return path;
}

/** Where each version's npm layout puts the native binary (0.47: in @openai/codex; later: a platform package). */
function vendoredBinary(prefix: string, version: string): string {
  if (version === REFERENCE_VERSION)
    return join(prefix, "node_modules/@openai/codex/vendor", vendorTriple(), "codex/codex");
  const cpu = arch() === "arm64" ? "arm64" : "x64";
  const os = platform() === "win32" ? "win32" : platform();
  return join(prefix, `node_modules/@openai/codex-${os}-${cpu}/vendor`, vendorTriple(), "bin/codex");
}

/**
 * Path of the Rust `codex` binary of `version` (0.47 unless asked), installing `@openai/codex` into
 * bench/ on first use. `CODEX_REFERENCE_047` / `CODEX_REFERENCE_169` point at an existing binary.
 */
export function referenceCodex(version: string = REFERENCE_VERSION): string {
  const override = process.env[version === REFERENCE_VERSION ? "CODEX_REFERENCE_047" : "CODEX_REFERENCE_169"];
  if (override) return settlePageCache(override);
  const prefix = version === REFERENCE_VERSION ? BENCH_DIR : join(BENCH_DIR, "reference", version);
  const bin = vendoredBinary(prefix, version);
  if (!existsSync(bin)) {
    const result = spawnSync(
      "npm",
      ["install", "--prefix", prefix, "--no-save", "--no-package-lock", `@openai/codex@${version}`],
      { stdio: "inherit" },
    );
    if (result.status !== 0 || !existsSync(bin))
      throw new Error(`could not install @openai/codex@${version} into ${prefix}`);
  }
  return settlePageCache(bin);
}

/**
 * Makes `home` a CODEX_HOME whose config.toml sends gpt-5-codex to the mock model server at
 * `baseUrl` with no retries; `tables` (TOML tables: sandbox, projects, MCP servers) follow.
 */
export function mockCodexHome(home: string, baseUrl: string, tables: string[] = []): string {
  mkdirSync(home, { recursive: true });
  const lines = [
    'model = "gpt-5-codex"',
    'model_provider = "mock"',
    "[model_providers.mock]",
    'name = "mock"',
    `base_url = "${baseUrl}"`,
    'wire_api = "responses"',
    "request_max_retries = 0",
    "stream_max_retries = 0",
    ...tables,
    "",
  ];
  writeFileSync(join(home, "config.toml"), lines.join("\n"));
  return home;
}

/** Path of our built executable (`CODEX_BENCH_BINARY` to compare another build); builds it when missing. */
export function ourCodex(): string {
  if (process.env.CODEX_BENCH_BINARY) return settlePageCache(process.env.CODEX_BENCH_BINARY);
  const bin = join(REPO_ROOT, "dist", platform() === "win32" ? "codex.exe" : "codex");
  if (!existsSync(bin)) {
    const result = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
    if (result.status !== 0) throw new Error("npm run build failed");
  }
  return settlePageCache(bin);
}

export type RunSample = { wallMs: number; peakRssKiB: number | null; code: number | null };

export type RunOptions = {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string;
  /** Measure peak memory with GNU time when available. */
  measureMemory?: boolean;
};

const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Runs one process to completion and measures its wall time (and peak RSS when asked). */
export function runOnce(argv: string[], options: RunOptions = {}): Promise<RunSample> {
  const useTime = options.measureMemory === true && GNU_TIME !== null;
  const full = useTime ? [GNU_TIME as string, "-f", "__PEAK_RSS_KIB=%M", ...argv] : argv;
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(full[0] as string, full.slice(1), {
      cwd: options.cwd,
      env: options.env ? (options.env as NodeJS.ProcessEnv) : process.env,
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const match = /__PEAK_RSS_KIB=(\d+)/.exec(stderr);
      resolvePromise({ wallMs, peakRssKiB: match ? Number(match[1]) : null, code });
    });
    child.stdin.end(options.stdin ?? "");
  });
}

/** Runs `argv` `runs` times (after `warmup` unmeasured runs) and returns the samples. */
export async function timeRuns(
  argv: string[],
  options: RunOptions & { runs?: number; warmup?: number; before?: () => Promise<void> | void } = {},
): Promise<RunSample[]> {
  const samples: RunSample[] = [];
  const runs = options.runs ?? 10;
  for (let i = 0; i < (options.warmup ?? 2) + runs; i++) {
    await options.before?.();
    const sample = await runOnce(argv, options);
    if (i >= (options.warmup ?? 2)) samples.push(sample);
  }
  return samples;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The 1, 5 and 15 minute load averages, for the note beside each table. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(" / ");
}

export type Row = {
  name: string;
  ours: number;
  reference: number;
  unit: string;
  /** The largest ratio ours/reference the issue asks for. */
  target?: number;
  /** The same figure for a Bun hello-world compiled like codex (the runtime's floor). */
  floor?: number;
};

/** Prints rows as a table with the ratio ours/reference (lower is better for us), targets and floors. */
export function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title} (load average ${loadAverage()})`);
  const extra = rows.some((row) => row.target !== undefined || row.floor !== undefined);
  console.log(`| measure | ours | reference | ratio |${extra ? " target | Bun floor | ours − floor |" : ""}`);
  console.log(`|---|---:|---:|---:|${extra ? "---:|---:|---:|" : ""}`);
  for (const row of rows) {
    const ratio = row.reference > 0 ? (row.ours / row.reference).toFixed(2) : "n/a";
    const value = (n: number) => `${n.toFixed(1)} ${row.unit}`;
    const more = extra
      ? ` ${row.target === undefined ? "" : `≤ ${row.target}`} | ${row.floor === undefined ? "" : value(row.floor)} | ${row.floor === undefined ? "" : value(row.ours - row.floor)} |`
      : "";
    console.log(`| ${row.name} | ${value(row.ours)} | ${value(row.reference)} | ${ratio} |${more}`);
  }
}

/**
 * Times two commands alternately (A, B, A, B, …) so that background load affects both equally.
 * Returns the samples of each.
 */
export async function timeSideBySide(
  ours: string[],
  reference: string[],
  options: RunOptions & { runs?: number; warmup?: number; before?: () => Promise<void> | void } = {},
): Promise<{ ours: RunSample[]; reference: RunSample[] }> {
  const out = { ours: [] as RunSample[], reference: [] as RunSample[] };
  const runs = options.runs ?? 10;
  const warmup = options.warmup ?? 2;
  for (let i = 0; i < warmup + runs; i++) {
    await options.before?.();
    const a = await runOnce(ours, options);
    await options.before?.();
    const b = await runOnce(reference, options);
    if (i >= warmup) {
      out.ours.push(a);
      out.reference.push(b);
    }
  }
  return out;
}
