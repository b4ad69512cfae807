/**
 * What `node:os` would answer (home folder, host name, kernel release, signal numbers), from
 * cheaper sources where there are any: its first use costs every run ~0.5 MiB of peak memory
 * (docs/performance.md), so code on exec's path asks here, and `node:os` is loaded only where
 * nothing else answers.
 */
import { readFileSync } from "node:fs";

const os = () => process.getBuiltinModule("node:os");

function procText(path: string): string | null {
  if (process.platform !== "linux") return null;
  try {
    return readFileSync(path, "utf8").trim() || null;
  } catch {
    return null;
  }
}

/** `$HOME`, as `os.homedir()` itself answers first on POSIX; else the account's. */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || os().homedir();
}

/** The same string uname(2) gives. */
export function hostName(): string {
  return procText("/proc/sys/kernel/hostname") ?? os().hostname();
}

/** The same string uname(2) gives. */
export function kernelRelease(): string {
  return procText("/proc/sys/kernel/osrelease") ?? os().release();
}

/** The number of signal `name` (`SIGTERM`), 0 for a name this platform lacks. */
export function signalNumber(name: string): number {
  return (os().constants.signals as Record<string, number | undefined>)[name] ?? 0;
}
