/**
 * The few libc entry points the Linux sandbox needs, through `bun:ffi`. Loaded lazily, `bun:ffi`
 * included (importing it costs ~0.7 MiB that a turn running no sandboxed command does not need):
 * nothing here runs until a sandbox is probed or applied.
 */
import { existsSync, readFileSync } from "node:fs";

type Ffi = typeof import("bun:ffi");

let ffiModule: Ffi | null = null;

function ffi(): Ffi {
  ffiModule ??= process.getBuiltinModule("bun:ffi" as never) as Ffi;
  return ffiModule;
}

/** Where glibc lives on the usual distributions, for when /proc cannot say. */
const STANDARD_LIBC_PATHS = [
  "/lib/x86_64-linux-gnu/libc.so.6",
  "/lib/aarch64-linux-gnu/libc.so.6",
  "/lib64/libc.so.6",
  "/usr/lib64/libc.so.6",
  "/usr/lib/libc.so.6",
];

/**
 * Where the C library this process already runs on lies (Linux: its mapping in /proc/self/maps;
 * without /proc, the usual places that exist), as absolute paths. Never a bare name: bun:ffi looks
 * a bare name up in the working directory when the system has no library by that name, and that
 * directory is the model's workspace.
 */
export function libcPaths(): string[] {
  // The C library a process runs on does not change: the maps (a few hundred lines) are read once,
  // whether the sandbox or core's flock asks first.
  knownLibcPaths ??= findLibcPaths();
  return knownLibcPaths;
}

let knownLibcPaths: string[] | null = null;

function findLibcPaths(): string[] {
  if (process.platform !== "linux") return [];
  let maps: string | null = null;
  try {
    maps = readFileSync("/proc/self/maps", "utf8");
  } catch {
    // No /proc here.
  }
  const mapped = maps === null ? [] : mappedLibcPaths(maps);
  return mapped.length > 0 ? mapped : STANDARD_LIBC_PATHS.filter((path) => existsSync(path));
}

/** The C libraries a /proc/PID/maps text shows mapped (glibc, or musl's loader that is its libc). */
export function mappedLibcPaths(maps: string): string[] {
  const paths: string[] = [];
  for (const line of maps.split("\n")) {
    const slash = line.indexOf("/");
    if (slash === -1) continue;
    const path = line.slice(slash);
    const name = path.slice(path.lastIndexOf("/") + 1);
    const isLibc = name === "libc.so.6" || (name.startsWith("ld-musl-") && name.endsWith(".so.1"));
    if (isLibc && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

const SYMBOLS = {
  syscall: { args: ["i64", "i64", "i64", "i64", "i64", "i64"], returns: "i64" },
  open: { args: ["ptr", "i32", "i32"], returns: "i32" },
  openat: { args: ["i32", "ptr", "i32", "u32"], returns: "i32" },
  mkdirat: { args: ["i32", "ptr", "u32"], returns: "i32" },
  unlinkat: { args: ["i32", "ptr", "i32"], returns: "i32" },
  readlinkat: { args: ["i32", "ptr", "ptr", "u64"], returns: "i64" },
  close: { args: ["i32"], returns: "i32" },
  poll: { args: ["ptr", "u64", "i32"], returns: "i32" },
  write: { args: ["i32", "ptr", "u64"], returns: "i64" },
  pipe2: { args: ["ptr", "i32"], returns: "i32" },
  memfd_create: { args: ["ptr", "u32"], returns: "i32" },
  fcntl: { args: ["i32", "i32", "i32"], returns: "i32" },
  setsid: { args: [], returns: "i32" },
  getpid: { args: [], returns: "i32" },
  getppid: { args: [], returns: "i32" },
  kill: { args: ["i32", "i32"], returns: "i32" },
  waitpid: { args: ["i32", "ptr", "i32"], returns: "i32" },
  signal: { args: ["i32", "u64"], returns: "u64" },
  sigprocmask: { args: ["i32", "ptr", "ptr"], returns: "i32" },
  execve: { args: ["ptr", "ptr", "ptr"], returns: "i32" },
  execvpe: { args: ["ptr", "ptr", "ptr"], returns: "i32" },
  __errno_location: { args: [], returns: "ptr" },
  strerror: { args: ["i32"], returns: "cstring" },
} as const;

type Libc = ReturnType<typeof import("bun:ffi").dlopen<typeof SYMBOLS>>["symbols"];

let loaded: Libc | null = null;

/** The libc symbols; throws when no libc can be opened (for example a static, libc-less host). */
export function libc(): Libc {
  if (loaded) return loaded;
  // Every failure is kept: the first may be the cause (bun:ffi refuses to load at all when
  // JavaScriptCore runs without its JIT).
  const reasons: string[] = [];
  const paths = libcPaths();
  if (paths.length === 0)
    throw new Error(
      "cannot load libc through bun:ffi: no C library found (not in /proc/self/maps, nor in the usual places)",
    );
  for (const path of paths) {
    try {
      loaded = ffi().dlopen(path, SYMBOLS).symbols;
      return loaded;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!reasons.includes(reason)) reasons.push(reason);
    }
  }
  throw new Error(`cannot load libc through bun:ffi: ${reasons.join("; ")}`);
}

export function errno(): number {
  const location = libc().__errno_location();
  return location === null ? 0 : ffi().read.i32(location, 0);
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

/** The address of a buffer's bytes, for a libc call. */
export function ptr(view: NodeJS.TypedArray | ArrayBufferLike | DataView, byteOffset?: number) {
  return ffi().ptr(view, byteOffset);
}
