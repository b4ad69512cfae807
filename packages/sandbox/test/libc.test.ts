/**
 * The C library is loaded by the absolute path of the one this process already runs on. bun:ffi
 * looks a bare name up in the working directory when the system has no library by that name, and
 * codex works in the model's workspace: a library the model writes there must never be loaded.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { libc, libcPaths, mappedLibcPaths } from "../src/libc.ts";

test.skipIf(process.platform !== "linux")(
  "libc is the one this process has mapped, by its absolute path",
  () => {
    const paths = libcPaths();
    expect(paths.length).toBeGreaterThan(0);
    const maps = readFileSync("/proc/self/maps", "utf8");
    for (const path of paths) {
      expect(path.startsWith("/")).toBe(true);
      expect(maps).toContain(` ${path}\n`);
    }
    expect(libc().getpid()).toBe(process.pid);
  },
);

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
