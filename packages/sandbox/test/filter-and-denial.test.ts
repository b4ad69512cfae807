import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { parseHelperArgs } from "../src/helper.ts";
import { buildSeccompFilter, isLikelySandboxDenial } from "../src/index.ts";
import { seccompInstructions } from "../src/seccomp.ts";
import { ARM64, SYSCALLS, X64 } from "../src/syscall-numbers.ts";

type Program = ReturnType<typeof seccompInstructions>;
const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const KILL = 0x80000000;
const AUDIT = { x64: 0xc000003e, arm64: 0xc00000b7 };

/** A classic-BPF interpreter for the instructions the filter uses, over one seccomp_data. */
function evaluate(program: Program, data: { nr: number; arch: number; args?: number[] }): number {
  const word = (offset: number) => {
    if (offset === 0) return data.nr;
    if (offset === 4) return data.arch;
    const index = (offset - 16) / 8;
    if (!Number.isInteger(index)) throw new Error(`unexpected load at ${offset}`);
    return data.args?.[index] ?? 0;
  };
  let accumulator = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const { code, jt, jf, k } = program[pc]!;
    if (code === 0x20) accumulator = word(k);
    else if (code === 0x54) accumulator = (accumulator & k) >>> 0;
    else if (code === 0x15) pc += accumulator === k >>> 0 ? jt : jf;
    else if (code === 0x35) pc += accumulator >= k >>> 0 ? jt : jf;
    else if (code === 0x06) return k >>> 0;
    else throw new Error(`unexpected opcode ${code}`);
  }
  throw new Error("fell off the end of the program");
}

describe("seccomp filter", () => {
  const AF_INET = 2;
  const AF_UNIX = 1;
  const SOCK_STREAM = 1;
  const SOCK_DGRAM = 2;
  const SOCK_CLOEXEC = 0o2000000;
  for (const arch of ["x64", "arm64"] as const) {
    const table = SYSCALLS[arch];
    const run = (options: { networkDisabled: boolean; shareHostIpc: boolean }, nr: number, args?: number[]) =>
      evaluate(seccompInstructions({ arch, ...options }), {
        nr,
        arch: AUDIT[arch],
        ...(args ? { args } : {}),
      });
    const off = { networkDisabled: true, shareHostIpc: true };

    test(`${arch}, network off: only AF_UNIX stream sockets; local data path allowed; no connect/bind`, () => {
      expect(run(off, table.socket, [AF_INET, SOCK_STREAM])).toBe(EPERM);
      expect(run(off, table.socket, [AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC])).toBe(ALLOW);
      expect(run(off, table.socket, [AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC])).toBe(EPERM);
      expect(run(off, table.socketpair, [AF_UNIX, SOCK_STREAM])).toBe(ALLOW);
      expect(run(off, table.socketpair, [AF_UNIX, SOCK_DGRAM])).toBe(EPERM);
      expect(run(off, table.socketpair, [AF_INET, SOCK_STREAM])).toBe(EPERM);
      for (const name of ["connect", "bind", "listen", "accept", "accept4"] as const)
        expect(`${name} ${run(off, table[name])}`).toBe(`${name} ${EPERM}`);
      // sendmsg/recvmsg/sendto/getsockopt are not in the table: never matched, so allowed.
      const sendmsg = arch === "x64" ? 46 : 211;
      const getsockopt = arch === "x64" ? 55 : 209;
      expect(run(off, sendmsg)).toBe(ALLOW);
      expect(run(off, getsockopt)).toBe(ALLOW);
    });

    test(`${arch}, network on: any socket`, () => {
      const on = { networkDisabled: false, shareHostIpc: false };
      expect(run(on, table.socket, [AF_INET, SOCK_STREAM])).toBe(ALLOW);
      expect(run(on, table.connect)).toBe(ALLOW);
    });

    test(`${arch}: System V IPC, POSIX queues and keyrings denied only where the host's are shared`, () => {
      for (const name of ["shmget", "shmat", "semget", "msgget", "mq_open", "add_key", "keyctl"] as const) {
        expect(`${name} ${run(off, table[name])}`).toBe(`${name} ${EPERM}`);
        expect(`${name} ${run({ ...off, shareHostIpc: false }, table[name])}`).toBe(`${name} ${ALLOW}`);
      }
    });

    test(`${arch}: ptrace, io_uring and TIOCSTI always; foreign ABIs killed`, () => {
      const on = { networkDisabled: false, shareHostIpc: false };
      expect(run(on, table.ptrace)).toBe(EPERM);
      expect(run(on, table.io_uring_setup)).toBe(EPERM);
      expect(run(on, table.ioctl, [1, 0x5412])).toBe(EPERM);
      expect(run(on, table.ioctl, [1, 0x5401])).toBe(ALLOW);
      expect(evaluate(seccompInstructions({ arch, ...on }), { nr: 1, arch: 0x40000003 })).toBe(KILL);
    });
  }
  test("x32 system calls are killed on x86-64", () => {
    const program = seccompInstructions({ arch: "x64", networkDisabled: false, shareHostIpc: false });
    expect(evaluate(program, { nr: 0x40000000 | 1, arch: AUDIT.x64 })).toBe(KILL);
  });

  test("checks the architecture first and kills foreign-ABI calls", () => {
    for (const arch of ["x64", "arm64"] as const) {
      const program = seccompInstructions({ arch, networkDisabled: true, shareHostIpc: true });
      expect(program[0]).toEqual({ code: 0x20, jt: 0, jf: 0, k: 4 });
      expect(program[1]?.k).toBe(arch === "x64" ? 0xc000003e : 0xc00000b7);
      expect(program[2]).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x80000000 });
      expect(program.at(-1)).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x7fff0000 });
    }
  });

  test("network on keeps only the always-denied calls (smaller program)", () => {
    const on = buildSeccompFilter({ arch: "x64", networkDisabled: false, shareHostIpc: false });
    const off = buildSeccompFilter({ arch: "x64", networkDisabled: true, shareHostIpc: false });
    expect(on.length % 8).toBe(0);
    expect(off.length).toBeGreaterThan(on.length);
  });

  test("every jump lands inside the program", () => {
    for (const arch of ["x64", "arm64"] as const) {
      const program = seccompInstructions({ arch, networkDisabled: true, shareHostIpc: true });
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
      networkDisabled: true,
      writableRoots: [{ root: "/w", readOnly: ["/w/.git"] }],
      command: ["ls", "--", "-l"],
      stage: { kind: "supervisor" },
    });
  });

  test("the inner stage names its supervisor", () => {
    expect(parseHelperArgs(["--inner", "42", "--network", "on", "--landlock", "--", "true"])).toEqual({
      networkDisabled: false,
      writableRoots: [],
      command: ["true"],
      stage: { kind: "inner", supervisor: 42 },
    });
    expect(() => parseHelperArgs(["--inner", "x", "--landlock", "--", "true"])).toThrow("bad --inner");
  });

  test("rejects a missing command, an unknown flag, or no --landlock", () => {
    expect(() => parseHelperArgs(["--landlock", "--"])).toThrow("no command");
    expect(() => parseHelperArgs(["--frobnicate", "x", "--", "ls"])).toThrow("unknown argument");
    expect(() => parseHelperArgs(["--network", "on", "--", "ls"])).toThrow("expected --landlock");
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

describe("seccomp filter, network through the proxy bridge", () => {
  const [AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET] = [1, 2, 10, 16, 17];
  const [SOCK_STREAM, SOCK_DGRAM] = [1, 2];
  for (const arch of ["x64", "arm64"] as const) {
    const table = SYSCALLS[arch];
    const program = seccompInstructions({
      arch,
      networkDisabled: false,
      shareHostIpc: false,
      proxyRouted: true,
    });
    const run = (nr: number, args?: number[]) =>
      evaluate(program, { nr, arch: AUDIT[arch], ...(args ? { args } : {}) });

    test(`${arch}: IP sockets (the namespace's) and Unix socket pairs; no Unix socket of the host`, () => {
      expect(run(table.socket, [AF_INET, SOCK_STREAM])).toBe(ALLOW);
      expect(run(table.socket, [AF_INET6, SOCK_DGRAM])).toBe(ALLOW);
      expect(run(table.socket, [AF_UNIX, SOCK_STREAM])).toBe(EPERM);
      expect(run(table.socket, [AF_NETLINK, SOCK_DGRAM])).toBe(EPERM);
      expect(run(table.socket, [AF_PACKET, SOCK_DGRAM])).toBe(EPERM);
      expect(run(table.socketpair, [AF_UNIX, SOCK_STREAM])).toBe(ALLOW);
      expect(run(table.socketpair, [AF_UNIX, SOCK_DGRAM])).toBe(EPERM);
      for (const name of ["connect", "bind", "listen"] as const) expect(run(table[name])).toBe(ALLOW);
      expect(run(table.ptrace)).toBe(EPERM);
    });
  }
});
