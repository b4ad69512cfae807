/**
 * This machine's host name and kernel release, read from /proc on Linux (the same strings uname(2)
 * gives) rather than through `node:os`, whose first use costs every run ~0.5 MiB of peak memory
 * (docs/performance.md); `node:os` elsewhere.
 */
import { readFileSync } from "node:fs";

function procText(path: string): string | null {
  if (process.platform !== "linux") return null;
  try {
    return readFileSync(path, "utf8").trim() || null;
  } catch {
    return null;
  }
}

export function hostName(): string {
  return procText("/proc/sys/kernel/hostname") ?? process.getBuiltinModule("node:os").hostname();
}

export function kernelRelease(): string {
  return procText("/proc/sys/kernel/osrelease") ?? process.getBuiltinModule("node:os").release();
}
