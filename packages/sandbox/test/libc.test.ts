/**
 * The C library is loaded by the absolute path of the one this process already runs on. bun:ffi
 * looks a bare name up in the working directory when the system has no library by that name, and
 * codex works in the model's workspace: a library the model writes there must never be loaded.
 */
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { libc, libcPaths, mappedLibcPaths } from "../src/libc.ts";

const workspace = mkdtempSync(join(tmpdir(), "codex-libc-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

test.skipIf(process.platform !== "linux")("libc is found by an absolute path, and loads from there", () => {
  const paths = libcPaths();
  expect(paths.length).toBeGreaterThan(0);
  for (const path of paths) {
    expect(path.startsWith("/")).toBe(true);
    expect(existsSync(path)).toBe(true);
  }
  // A decoy under every name a loader might look for, in the working directory.
  const previous = process.cwd();
  for (const name of ["libc.so.6", "libc.so", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"])
    copyFileSync("/bin/true", join(workspace, name));
  process.chdir(workspace);
  try {
    expect(libc().getpid()).toBe(process.pid);
  } finally {
    process.chdir(previous);
  }
});

test("the C library is read from a maps text: glibc, musl's loader, never a deleted or unrelated file", () => {
  const maps = [
    "7f0000000000-7f0000001000 r--p 00000000 08:01 123 /usr/lib/x86_64-linux-gnu/libc.so.6",
    "7f0000001000-7f0000002000 r-xp 00001000 08:01 123 /usr/lib/x86_64-linux-gnu/libc.so.6",
    "7f0000003000-7f0000004000 r-xp 00001000 08:01 124 /lib/ld-musl-x86_64.so.1",
    "7f0000005000-7f0000006000 r-xp 00001000 08:01 125 /old/libc.so.6 (deleted)",
    "7f0000007000-7f0000008000 r-xp 00001000 08:01 126 /tmp/work/libc.so",
    "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]",
  ].join("\n");
  expect(mappedLibcPaths(maps)).toEqual(["/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib/ld-musl-x86_64.so.1"]);
  expect(mappedLibcPaths("")).toEqual([]);
});
