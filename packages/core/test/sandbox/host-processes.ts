/**
 * The host's view of a command's processes (/proc), for the lifetime tests: which processes are
 * still running in a directory, and cleanup so that a failing test leaves no sleeps behind.
 */
import { afterEach } from "bun:test";
import { readdirSync, readlinkSync } from "node:fs";

/** Host pids of processes whose working directory is `dir`. */
export function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours.
    }
  }
  return pids;
}

/** Registers cleanup in the calling test file; the returned function marks a directory to sweep. */
export function sweepAfterEach(): (dir: string) => void {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0))
      for (const pid of processesIn(dir))
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
  });
  return (dir) => dirs.push(dir);
}
