/**
 * Writes, directory creations and removals held to exactly what a sandboxed command may write,
 * for code that writes in-process on the sandbox's behalf (apply_patch). Checking a path and then
 * writing through it is a race (a directory swapped for a symbolic link in between lands the write
 * anywhere), so on Linux every path is walked one component at a time from `/` with
 * `openat(O_PATH | O_NOFOLLOW)`: symbolic links are read and resolved here, by the same rules as
 * the kernel's, and the final write goes through the directory descriptor that was checked. What
 * is allowed is the sandbox layout's: inside a writable root, outside its read-only paths (`.git`,
 * its `gitdir:` target, `.codex`); a file that is hard-linked elsewhere is refused too.
 *
 * Other platforms (macOS Seatbelt, untested here) check the canonical path and then write: not
 * race-free, documented in docs/sandbox.md.
 */
import { closeSync, fstatSync, ftruncateSync, mkdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { isWritableInLayout, realpathLenient, type SandboxLayout } from "./layout.ts";
import { cString, errno, errnoMessage, libc, ptr } from "./libc.ts";

/** The sandbox's rules refuse this write (as they would refuse a sandboxed command). */
export class SandboxWriteDenied extends Error {
  override name = "SandboxWriteDenied";
}

export type ConfinedWriter = {
  /** Creates or replaces a regular file. */
  writeFile(path: string, contents: string): void;
  /** Creates a directory and its missing parents. */
  createDirAll(path: string): void;
  /** Removes a file (not a directory). */
  removeFile(path: string): void;
};

const O_WRONLY = 0o1;
const O_CREAT = 0o100;
const O_NONBLOCK = 0o4000;
const O_DIRECTORY = process.arch === "arm64" ? 0o40000 : 0o200000;
const O_NOFOLLOW = process.arch === "arm64" ? 0o100000 : 0o400000;
const O_CLOEXEC = 0o2000000;
const O_PATH = 0o10000000;
const AT_FDCWD = -100;
const MAX_SYMLINKS = 40;
const ERRNO_NAMES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  6: "ENXIO",
  13: "EACCES",
  17: "EEXIST",
  20: "ENOTDIR",
  21: "EISDIR",
  28: "ENOSPC",
  30: "EROFS",
  40: "ELOOP",
};

function osError(code: number, operation: string, path: string): Error {
  const name = ERRNO_NAMES[code] ?? `E${code}`;
  return Object.assign(new Error(`${name}: ${errnoMessage(code)}, ${operation} '${path}'`), { code: name });
}

function splitPath(path: string): string[] {
  return path.split("/").filter((part) => part !== "" && part !== ".");
}

/** A directory we hold open, and its canonical path (exact: every component was opened). */
type Dir = { fd: number; path: string };

function readLinkAt(dirFd: number, name: string): string | null {
  const nameBuffer = cString(name);
  const buffer = new Uint8Array(4096);
  const length = Number(libc().readlinkat(dirFd, ptr(nameBuffer), ptr(buffer), BigInt(buffer.length)));
  return length < 0 ? null : new TextDecoder().decode(buffer.subarray(0, length));
}

/** openat(2) relative to a directory descriptor; returns the descriptor or -1 (see errno). */
function openAt(dirFd: number, name: string, flags: number, mode = 0): number {
  const nameBuffer = cString(name);
  return libc().openat(dirFd, ptr(nameBuffer), flags, mode);
}

/**
 * Walks a path from `/`, one directory descriptor per component (never following a symbolic link
 * in the kernel: links are read and their targets walked here), so the canonical path of every
 * directory it holds is exact.
 */
class Walker {
  readonly #layout: SandboxLayout;
  readonly #stack: Dir[] = [];
  #pending: string[] = [];
  #symlinks = 0;

  constructor(layout: SandboxLayout, path: string) {
    this.#layout = layout;
    this.#reset();
    this.#pending = splitPath(path);
  }

  #reset(): void {
    this.close();
    const fd = openAt(AT_FDCWD, "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw osError(errno(), "open", "/");
    this.#stack.push({ fd, path: "/" });
  }

  get top(): Dir {
    return this.#stack[this.#stack.length - 1]!;
  }

  close(): void {
    for (const dir of this.#stack.splice(0)) libc().close(dir.fd);
  }

  /** Walks a symbolic link's target next (from `/` when it is absolute). */
  followLink(target: string): void {
    if (++this.#symlinks > MAX_SYMLINKS) throw osError(40, "open", target);
    if (isAbsolute(target)) this.#reset();
    this.#pending = [...splitPath(target), ...this.#pending];
  }

  /** Throws SandboxWriteDenied unless the layout lets the sandbox write `path`. */
  check(path: string): void {
    if (!isWritableInLayout(this.#layout, path)) throw deniedError(this.#layout, path);
  }

  /**
   * Walks the pending components. With `keepLast`, stops before the last one and returns it (null
   * when the path ends in a directory: `/`, or `..`). With `createMissing`, creates missing
   * directories, each checked against the layout first.
   */
  walk(options: { keepLast: boolean; createMissing: boolean }): string | null {
    for (;;) {
      const name = this.#pending[0];
      if (name === undefined) return null;
      this.#pending.shift();
      if (options.keepLast && this.#pending.length === 0 && name !== "..") return name;
      if (name === "..") {
        if (this.#stack.length > 1) libc().close(this.#stack.pop()!.fd);
        continue;
      }
      const child = join(this.top.path, name);
      const flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
      const fd = openAt(this.top.fd, name, flags);
      if (fd >= 0) {
        this.#stack.push({ fd, path: child });
        continue;
      }
      const code = errno();
      const target = code === 40 || code === 20 ? readLinkAt(this.top.fd, name) : null;
      if (target !== null) {
        this.followLink(target);
        continue;
      }
      if (code !== 2 || !options.createMissing) throw osError(code, "open", child);
      this.check(child);
      const nameBuffer = cString(name);
      if (libc().mkdirat(this.top.fd, ptr(nameBuffer), 0o777) < 0 && errno() !== 17)
        throw osError(errno(), "mkdir", child);
      this.#pending.unshift(name);
    }
  }
}

function deniedError(layout: SandboxLayout, path: string): SandboxWriteDenied {
  const inRoot = layout.writableRoots.some((root) => path === root.root || path.startsWith(`${root.root}/`));
  return new SandboxWriteDenied(
    inRoot
      ? `${path} is read-only in the sandbox (.git, its gitdir and .codex stay read-only)`
      : `${path} is outside the writable roots of the sandbox`,
  );
}

function writeAll(fd: number, contents: string): void {
  const bytes = Buffer.from(contents, "utf8");
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function lastComponent(walker: Walker, path: string): string {
  const name = walker.walk({ keepLast: true, createMissing: false });
  if (name === null) throw osError(21, "open", path);
  return name;
}

/** Opens the file for writing, walking the target when the last component is a symbolic link. */
function openForWriting(walker: Walker, path: string): { fd: number; path: string } {
  for (;;) {
    const name = lastComponent(walker, path);
    const target = join(walker.top.path, name);
    walker.check(target);
    const flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    const fd = openAt(walker.top.fd, name, flags, 0o666);
    if (fd >= 0) return { fd, path: target };
    const code = errno();
    const link = code === 40 ? readLinkAt(walker.top.fd, name) : null;
    if (link === null) throw osError(code, "open", target);
    walker.followLink(link);
  }
}

function linuxWriter(layout: SandboxLayout): ConfinedWriter {
  const walking = (path: string, action: (walker: Walker) => void): void => {
    const walker = new Walker(layout, path);
    try {
      action(walker);
    } finally {
      walker.close();
    }
  };
  return {
    writeFile: (path, contents) =>
      walking(path, (walker) => {
        const file = openForWriting(walker, path);
        try {
          const info = fstatSync(file.fd);
          if (!info.isFile()) throw osError(21, "write", file.path);
          if (info.nlink > 1)
            throw new SandboxWriteDenied(
              `${file.path} is hard-linked elsewhere; the sandbox does not write it`,
            );
          ftruncateSync(file.fd, 0);
          writeAll(file.fd, contents);
        } finally {
          closeSync(file.fd);
        }
      }),
    createDirAll: (path) =>
      walking(path, (walker) => void walker.walk({ keepLast: false, createMissing: true })),
    removeFile: (path) =>
      walking(path, (walker) => {
        const name = lastComponent(walker, path);
        const target = join(walker.top.path, name);
        walker.check(target);
        const nameBuffer = cString(name);
        if (libc().unlinkat(walker.top.fd, ptr(nameBuffer), 0) < 0) throw osError(errno(), "unlink", target);
      }),
  };
}

/** Elsewhere: check the canonical path, then write (not race-free). */
function checkedWriter(layout: SandboxLayout): ConfinedWriter {
  const check = (path: string) => {
    const real = realpathLenient(path);
    if (!isWritableInLayout(layout, real)) throw deniedError(layout, real);
  };
  return {
    writeFile(path, contents) {
      check(path);
      writeFileSync(path, contents);
    },
    createDirAll(path) {
      check(path);
      mkdirSync(path, { recursive: true });
    },
    removeFile(path) {
      // The entry itself, not what a symbolic link there points to.
      const entry = join(realpathLenient(dirname(path)), basename(path));
      if (!isWritableInLayout(layout, entry)) throw deniedError(layout, entry);
      rmSync(path);
    },
  };
}

/** A writer held to `layout` (from `resolveLayout` with the session's working directory). */
export function confinedWriter(layout: SandboxLayout): ConfinedWriter {
  return process.platform === "linux" ? linuxWriter(layout) : checkedWriter(layout);
}
