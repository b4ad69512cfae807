/**
 * Best-effort advisory `flock(2)` through `bun:ffi`, so our appends to `history.jsonl` and Codex
 * CLI's (which locks the same way) never interleave. Where libc cannot be loaded (or outside Bun)
 * the caller proceeds without the lock: every append is still a single `O_APPEND` write.
 */

const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;

type Flock = (fd: number, op: number) => number;

let loaded: Promise<Flock | null> | null = null;

async function loadFlock(): Promise<Flock | null> {
  if (process.platform === "win32") return null;
  try {
    const ffi = await import("bun:ffi");
    const names =
      process.platform === "darwin" ? ["libc.dylib", "/usr/lib/libSystem.B.dylib"] : ["libc.so.6", "libc.so"];
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

/**
 * Runs `fn` holding an exclusive lock on `fd`, trying `attempts` times `intervalMs` apart.
 * Runs it unlocked when locking is unavailable or the lock stays busy (never blocks the user).
 */
export async function withFileLock<T>(
  fd: number,
  fn: () => T,
  options: { attempts?: number; intervalMs?: number } = {},
): Promise<T> {
  loaded ??= loadFlock();
  const flock = await loaded;
  if (!flock) return fn();
  const attempts = options.attempts ?? 10;
  let locked = false;
  for (let i = 0; i < attempts && !locked; i++) {
    locked = flock(fd, LOCK_EX | LOCK_NB) === 0;
    if (!locked) await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
  try {
    return fn();
  } finally {
    if (locked) flock(fd, LOCK_UN);
  }
}
