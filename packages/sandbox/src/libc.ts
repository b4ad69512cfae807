/**
 * The few libc entry points the Linux sandbox needs, through `bun:ffi`. Loaded lazily: nothing here
 * runs until a sandbox is probed or applied.
 */
import { dlopen, FFIType, ptr, read } from "bun:ffi";

const LIBC_NAMES = ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "libc.so"];

const SYMBOLS = {
  syscall: {
    args: [FFIType.i64, FFIType.i64, FFIType.i64, FFIType.i64, FFIType.i64, FFIType.i64],
    returns: FFIType.i64,
  },
  open: { args: [FFIType.ptr, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  openat: { args: [FFIType.i32, FFIType.ptr, FFIType.i32, FFIType.u32], returns: FFIType.i32 },
  mkdirat: { args: [FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
  unlinkat: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  readlinkat: { args: [FFIType.i32, FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  poll: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
  write: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  pipe2: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  memfd_create: { args: [FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
  fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  setsid: { args: [], returns: FFIType.i32 },
  getpid: { args: [], returns: FFIType.i32 },
  getppid: { args: [], returns: FFIType.i32 },
  kill: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  waitpid: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  signal: { args: [FFIType.i32, FFIType.u64], returns: FFIType.u64 },
  sigprocmask: { args: [FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  execve: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  execvpe: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
  strerror: { args: [FFIType.i32], returns: FFIType.cstring },
} as const;

type Libc = ReturnType<typeof dlopen<typeof SYMBOLS>>["symbols"];

let loaded: Libc | null = null;

/** The libc symbols; throws when no libc can be opened (for example a static, libc-less host). */
export function libc(): Libc {
  if (loaded) return loaded;
  let lastError: unknown = null;
  for (const name of LIBC_NAMES) {
    try {
      loaded = dlopen(name, SYMBOLS).symbols;
      return loaded;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`cannot load libc through bun:ffi: ${String(lastError)}`);
}

export function errno(): number {
  const location = libc().__errno_location();
  return location === null ? 0 : read.i32(location, 0);
}

export function errnoMessage(code: number): string {
  return String(libc().strerror(code));
}

/** Calls `syscall(nr, ...)`; returns the result, or `-errno` when it failed. */
export function rawSyscall(nr: number, ...args: Array<number | bigint>): number {
  const a = [0, 1, 2, 3, 4].map((i) => BigInt(args[i] ?? 0));
  const result = Number(libc().syscall(BigInt(nr), a[0]!, a[1]!, a[2]!, a[3]!, a[4]!));
  return result === -1 ? -errno() : result;
}

/** A NUL-terminated copy of `text`; keep the returned buffer alive while its pointer is in use. */
export function cString(text: string): Buffer {
  return Buffer.from(`${text}\0`, "utf8");
}

/** A NULL-terminated `char *[]` over `items`; `keep` holds the buffers that must stay alive. */
export function cStringArray(items: string[]): { array: BigUint64Array; keep: Buffer[] } {
  const keep = items.map(cString);
  const array = new BigUint64Array(items.length + 1);
  keep.forEach((buffer, index) => {
    array[index] = BigInt(ptr(buffer));
  });
  array[items.length] = 0n;
  return { array, keep };
}

export { ptr };
