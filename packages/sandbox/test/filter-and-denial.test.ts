import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { parseHelperArgs } from "../src/helper.ts";
import { buildSeccompFilter, isLikelySandboxDenial } from "../src/index.ts";
import { ARM64, seccompInstructions, X64 } from "../src/seccomp.ts";

describe("seccomp filter", () => {
  test("checks the architecture first and kills foreign-ABI calls", () => {
    for (const arch of ["x64", "arm64"] as const) {
      const program = seccompInstructions({ arch, networkDisabled: true });
      expect(program[0]).toEqual({ code: 0x20, jt: 0, jf: 0, k: 4 });
      expect(program[1]?.k).toBe(arch === "x64" ? 0xc000003e : 0xc00000b7);
      expect(program[2]).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x80000000 });
      expect(program.at(-1)).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x7fff0000 });
    }
  });

  test("network on keeps only the always-denied calls (smaller program)", () => {
    const on = buildSeccompFilter({ arch: "x64", networkDisabled: false });
    const off = buildSeccompFilter({ arch: "x64", networkDisabled: true });
    expect(on.length % 8).toBe(0);
    expect(off.length).toBeGreaterThan(on.length);
  });

  test("every jump lands inside the program", () => {
    for (const arch of ["x64", "arm64"] as const) {
      const program = seccompInstructions({ arch, networkDisabled: true });
      program.forEach((insn, index) => {
        if ((insn.code & 0x07) === 0x05) {
          expect(index + 1 + insn.jt).toBeLessThan(program.length);
          expect(index + 1 + insn.jf).toBeLessThan(program.length);
        }
      });
    }
  });
});

describe("isLikelySandboxDenial", () => {
  test("non-zero exit with a telltale phrase", () => {
    expect(isLikelySandboxDenial(1, "sh: 1: cannot create /x: Permission denied")).toBe(true);
    expect(isLikelySandboxDenial(1, "touch: cannot touch 'a': Read-only file system")).toBe(true);
    expect(isLikelySandboxDenial(1, "PermissionError: [Errno 1] Operation not permitted")).toBe(true);
  });

  test("success, usage errors and not-found are never denials", () => {
    expect(isLikelySandboxDenial(0, "Permission denied")).toBe(false);
    expect(isLikelySandboxDenial(2, "Permission denied")).toBe(false);
    expect(isLikelySandboxDenial(126, "Permission denied")).toBe(false);
    expect(isLikelySandboxDenial(127, "sandbox")).toBe(false);
    expect(isLikelySandboxDenial(1, "error: tests failed")).toBe(false);
  });

  test("death by SIGSYS is a denial", () => {
    expect(isLikelySandboxDenial(159, "")).toBe(true);
  });
});

describe("helper arguments", () => {
  test("landlock form with roots and their read-only paths", () => {
    expect(
      parseHelperArgs([
        "--codex-linux-sandbox",
        "--network",
        "off",
        "--landlock",
        "--write",
        "/w",
        "--read-only",
        "/w/.git",
        "--",
        "ls",
        "--",
        "-l",
      ]),
    ).toEqual({
      kind: "landlock",
      networkDisabled: true,
      writableRoots: [{ root: "/w", readOnly: ["/w/.git"] }],
      command: ["ls", "--", "-l"],
    });
  });

  test("bwrap form keeps bwrap's arguments untouched", () => {
    expect(
      parseHelperArgs([
        "--network",
        "on",
        "--bwrap",
        "/usr/bin/bwrap",
        "--",
        "--ro-bind",
        "/",
        "/",
        "--",
        "true",
      ]),
    ).toEqual({
      kind: "bwrap",
      networkDisabled: false,
      bwrap: "/usr/bin/bwrap",
      bwrapArgs: ["--ro-bind", "/", "/", "--", "true"],
    });
  });

  test("rejects a missing command or an unknown flag", () => {
    expect(() => parseHelperArgs(["--landlock", "--"])).toThrow("no command");
    expect(() => parseHelperArgs(["--frobnicate", "x", "--", "ls"])).toThrow("unknown argument");
  });
});

describe("system-call numbers match the kernel headers when they are installed", () => {
  const headers: Array<[string, Record<string, number>]> = [
    ["/usr/include/asm-generic/unistd.h", ARM64],
    ["/usr/include/x86_64-linux-gnu/asm/unistd_64.h", X64],
    ["/usr/include/asm/unistd_64.h", X64],
  ];
  for (const [path, table] of headers) {
    test.skipIf(!existsSync(path))(path, () => {
      const text = readFileSync(path, "utf8");
      for (const [name, nr] of Object.entries(table)) {
        const match = new RegExp(`^#define __NR(?:3264)?_${name}\\s+(\\d+)`, "m").exec(text);
        expect(`${name}=${match?.[1]}`).toBe(`${name}=${nr}`);
      }
    });
  }
});
