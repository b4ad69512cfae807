/**
 * The TUI and the app server live for hours and spend most of it waiting. Two of Bun's defaults
 * cost them there, and only environment variables read when the runtime starts can change them:
 * - Bun's idle garbage-collection timer wakes the process about once a second, then runs idle full
 *   collections (`BUN_GC_TIMER_DISABLE`, `BUN_IDLE_GC_SECONDS`). Core collects after turns and
 *   after megabytes of garbage instead (core's memory/collect-soon.ts).
 * - JavaScriptCore's optimizing compilers (DFG, and FTL above it) keep their compiled code and
 *   their own pages resident as a session warms up: over a 300-turn session the process stayed
 *   6–8 MiB larger, and grew more after turn 30 (docs/performance.md). Their gain is in hot loops,
 *   which an agent waiting on the model rarely runs; the baseline JIT keeps those fast enough
 *   (the in-process benchmarks: a 1,000-hunk streaming patch 16 → 21 ms, fuzzy search over
 *   100,000 paths 9 → 15 ms).
 * So before such a command loads, the process replaces itself (`execve`: same pid, same terminal or
 * pipes, same arguments) with one started with those variables, and that one removes them from
 * its environment again, so that the commands, hooks and MCP servers it starts never see them.
 * A variable the user set already is left as they set it.
 *
 * Best effort: where `execve` is unavailable (Windows) or fails, the command runs as it is.
 */
/** The runtime's settings for long-lived commands (also what bench/soak.ts runs core under). */
export const LONG_LIVED_RUNTIME: Readonly<Record<string, string>> = {
  BUN_GC_TIMER_DISABLE: "1",
  BUN_IDLE_GC_SECONDS: "0",
  BUN_JSC_useDFGJIT: "0",
};
/** Names of the variables this process added (comma-separated), set only in the re-executed process. */
const MARKER = "CODEX_TS_LONG_LIVED_RUNTIME";

/** The arguments this program was started with, as `execve` wants them (argv[0] first). */
function originalArgv(): string[] {
  const compiled = Bun.main.startsWith("/$bunfs/") || Bun.main.includes("~BUN");
  // Compiled: ["bun", "/$bunfs/root/…", ...args]; from source: [bun, script, ...args].
  return compiled ? [process.argv0, ...process.argv.slice(2)] : [process.argv0, ...process.argv.slice(1)];
}

/**
 * In the re-executed process: forgets the variables. Otherwise replaces this process with one
 * started with them, and returns only if it could not.
 */
export function enterLongLivedRuntime(): void {
  const added = process.env[MARKER];
  if (added !== undefined) {
    for (const name of added.split(",")) if (name in LONG_LIVED_RUNTIME) delete process.env[name];
    delete process.env[MARKER];
    return;
  }
  if (process.platform === "win32" || typeof process.execve !== "function") return;
  const names = Object.keys(LONG_LIVED_RUNTIME).filter((name) => process.env[name] === undefined);
  if (names.length === 0) return;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  for (const name of names) env[name] = LONG_LIVED_RUNTIME[name]!;
  env[MARKER] = names.join(",");
  try {
    // Bun's execve gives the new program the signal mask and dispositions of a fresh start.
    process.execve(process.execPath, originalArgv(), env);
  } catch {
    // Refused here (a seccomp filter, a deleted executable): run as we are.
  }
}
