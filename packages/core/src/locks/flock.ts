/**
 * Advisory `flock(2)` through `bun:ffi`, the lock Codex CLI takes on the same files: appends to
 * `history.jsonl` and commits to `auth.json` (via `auth.lock`) never interleave with its own or
 * another process's. Where libc cannot be loaded (Windows, or outside Bun) callers proceed without
 * the lock and rely on their own atomicity (single `O_APPEND` writes, write-then-rename).
 */
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { libcPaths } from "@codex/sandbox";

const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;

type Flock = (fd: number, op: number) => number;

let loaded: Promise<Flock | null> | null = null;

async function loadFlock(): Promise<Flock | null> {
  if (process.platform === "win32") return null;
  try {
    const ffi = await import("bun:ffi");
    // Absolute paths only: bun:ffi looks a bare name up in the working directory (the workspace)
    // when the system has no library by that name.
    const names = process.platform === "darwin" ? ["/usr/lib/libSystem.B.dylib"] : libcPaths();
    for (const name of names) {
      try {
        const lib = ffi.dlopen(name, {
          flock: { args: [ffi.FFIType.i32, ffi.FFIType.i32], returns: ffi.FFIType.i32 },
        });
        return (fd, op) => lib.symbols.flock(fd, op) as number;
      } catch {
        // try the next name
      }
    }
  } catch {
    // not running under Bun
  }
  return null;
}

function flockFunction(): Promise<Flock | null> {
  loaded ??= loadFlock();
  return loaded;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` holding an exclusive lock on `fd`, trying `attempts` times `intervalMs` apart.
 * Runs it unlocked when locking is unavailable or the lock stays busy (never blocks the user).
 */
export async function withFileLock<T>(
  fd: number,
  fn: () => T,
  options: { attempts?: number; intervalMs?: number } = {},
): Promise<T> {
  const flock = await flockFunction();
  if (!flock) return fn();
  const attempts = options.attempts ?? 10;
  let locked = false;
  for (let i = 0; i < attempts && !locked; i++) {
    locked = flock(fd, LOCK_EX | LOCK_NB) === 0;
    if (!locked) await sleep(options.intervalMs ?? 100);
  }
  try {
    return fn();
  } finally {
    if (locked) flock(fd, LOCK_UN);
  }
}

class LockTimeoutError extends Error {
  override name = "LockTimeoutError";
}

/**
 * Runs `fn` holding an exclusive lock on the file at `path` (created, mode 0600, with its directory,
 * when missing),
 * waiting for other holders up to `timeoutMs`; throws `LockTimeoutError` when it stays busy.
 * The lock is polled rather than awaited in `flock` so the event loop keeps running meanwhile.
 */
export async function withLockFile<T>(
  path: string,
  fn: () => Promise<T>,
  options: { timeoutMs: number; pollMs?: number },
): Promise<T> {
  const flock = await flockFunction();
  if (!flock) return fn();
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a", 0o600);
  try {
    const deadline = Date.now() + options.timeoutMs;
    while (flock(fd, LOCK_EX | LOCK_NB) !== 0) {
      if (Date.now() >= deadline) throw new LockTimeoutError(`${path} is held by another process`);
      await sleep(options.pollMs ?? 20);
    }
    try {
      return await fn();
    } finally {
      flock(fd, LOCK_UN);
    }
  } finally {
    closeSync(fd);
  }
}
