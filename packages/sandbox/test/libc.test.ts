/**
 * The C library is loaded by the absolute path of the one this process already runs on. bun:ffi
 * looks a bare name up in the working directory when the system has no library by that name, and
 * codex works in the model's workspace: a library the model writes there must never be loaded.
 */
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { libc, libcPaths } from "../src/libc.ts";

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
