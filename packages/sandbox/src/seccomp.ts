/**
 * A classic-BPF seccomp filter, assembled here, for x86-64 and arm64. The same bytes go to
 * `prctl(PR_SET_SECCOMP)` (helper mode) and to `bwrap --seccomp FD`.
 *
 * Policy (default allow; matching calls fail with EPERM):
 * - always: ptrace, process_vm_readv/writev, io_uring_setup/enter/register, ioctl(TIOCSTI);
 * - network off: socket/socketpair unless the domain is AF_UNIX; connect, accept, accept4, bind,
 *   listen, getpeername, getsockname, shutdown, sendto, sendmsg, sendmmsg, recvmsg, recvmmsg,
 *   getsockopt, setsockopt (recvfrom stays allowed, as in codex-rs);
 * - a foreign architecture (i386 or x32 system calls on x86-64) kills the process, since those
 *   system-call numbers would bypass the table above.
 */

export type SeccompArch = "x64" | "arm64";

type SyscallTable = Record<SyscallName, number>;

type SyscallName =
  | "socket"
  | "socketpair"
  | "connect"
  | "accept"
  | "accept4"
  | "bind"
  | "listen"
  | "getpeername"
  | "getsockname"
  | "shutdown"
  | "sendto"
  | "sendmsg"
  | "sendmmsg"
  | "recvmsg"
  | "recvmmsg"
  | "getsockopt"
  | "setsockopt"
  | "ptrace"
  | "process_vm_readv"
  | "process_vm_writev"
  | "io_uring_setup"
  | "io_uring_enter"
  | "io_uring_register"
  | "ioctl";

export const X64: SyscallTable = {
  ioctl: 16,
  socket: 41,
  connect: 42,
  accept: 43,
  sendto: 44,
  sendmsg: 46,
  recvmsg: 47,
  shutdown: 48,
  bind: 49,
  listen: 50,
  getsockname: 51,
  getpeername: 52,
  socketpair: 53,
  setsockopt: 54,
  getsockopt: 55,
  ptrace: 101,
  accept4: 288,
  recvmmsg: 299,
  sendmmsg: 307,
  process_vm_readv: 310,
  process_vm_writev: 311,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
};

export const ARM64: SyscallTable = {
  ioctl: 29,
  ptrace: 117,
  socket: 198,
  socketpair: 199,
  bind: 200,
  listen: 201,
  accept: 202,
  connect: 203,
  getsockname: 204,
  getpeername: 205,
  sendto: 206,
  setsockopt: 208,
  getsockopt: 209,
  shutdown: 210,
  sendmsg: 211,
  recvmsg: 212,
  accept4: 242,
  recvmmsg: 243,
  sendmmsg: 269,
  process_vm_readv: 270,
  process_vm_writev: 271,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
};

const AUDIT_ARCH: Record<SeccompArch, number> = { x64: 0xc000003e, arm64: 0xc00000b7 };
const X32_SYSCALL_BIT = 0x40000000;

const ALWAYS_DENIED: SyscallName[] = [
  "ptrace",
  "process_vm_readv",
  "process_vm_writev",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
];

const NETWORK_DENIED: SyscallName[] = [
  "connect",
  "accept",
  "accept4",
  "bind",
  "listen",
  "getpeername",
  "getsockname",
  "shutdown",
  "sendto",
  "sendmsg",
  "sendmmsg",
  "recvmsg",
  "recvmmsg",
  "getsockopt",
  "setsockopt",
];

const AF_UNIX = 1;
const TIOCSTI = 0x5412;
const EPERM = 1;

// Classic BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_ERRNO_EPERM = 0x00050000 | EPERM;
const RET_KILL_PROCESS = 0x80000000;

// Offsets into struct seccomp_data (little-endian: the low 32 bits of an argument come first).
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const offsetArgLow = (index: number) => 16 + 8 * index;

type Instruction = { code: number; jt: number; jf: number; k: number };

const stmt = (code: number, k: number): Instruction => ({ code, jt: 0, jf: 0, k });
const jump = (code: number, k: number, jt: number, jf: number): Instruction => ({ code, jt, jf, k });

export type SeccompFilterOptions = {
  arch: SeccompArch;
  networkDisabled: boolean;
};

/** The filter as BPF instructions (exposed for tests). */
export function seccompInstructions(options: SeccompFilterOptions): Instruction[] {
  const table = options.arch === "x64" ? X64 : ARM64;
  const program: Instruction[] = [
    stmt(LD_W_ABS, OFFSET_ARCH),
    jump(JEQ_K, AUDIT_ARCH[options.arch], 1, 0),
    stmt(RET_K, RET_KILL_PROCESS),
    stmt(LD_W_ABS, OFFSET_NR),
  ];
  if (options.arch === "x64") {
    program.push(jump(JGE_K, X32_SYSCALL_BIT, 0, 1), stmt(RET_K, RET_KILL_PROCESS));
  }
  // Accumulator holds the syscall number here; each block below either returns or falls through
  // with the accumulator unchanged.
  const denyNumbers = [...ALWAYS_DENIED, ...(options.networkDisabled ? NETWORK_DENIED : [])].map(
    (name) => table[name],
  );
  for (const nr of denyNumbers) {
    program.push(jump(JEQ_K, nr, 0, 1), stmt(RET_K, RET_ERRNO_EPERM));
  }
  // ioctl(fd, TIOCSTI, ...): pushing bytes into a terminal's input queue.
  program.push(
    jump(JEQ_K, table.ioctl, 0, 3),
    stmt(LD_W_ABS, offsetArgLow(1)),
    jump(JEQ_K, TIOCSTI, 0, 1),
    stmt(RET_K, RET_ERRNO_EPERM),
  );
  if (options.networkDisabled) {
    // The ioctl block above may have clobbered the accumulator: reload the number.
    program.push(stmt(LD_W_ABS, OFFSET_NR));
    for (const name of ["socket", "socketpair"] as const) {
      program.push(
        jump(JEQ_K, table[name], 0, 4),
        stmt(LD_W_ABS, offsetArgLow(0)),
        jump(JEQ_K, AF_UNIX, 0, 1),
        stmt(RET_K, RET_ALLOW),
        stmt(RET_K, RET_ERRNO_EPERM),
      );
    }
  }
  program.push(stmt(RET_K, RET_ALLOW));
  return program;
}

/** The filter as the raw `struct sock_filter[]` bytes the kernel and bwrap expect. */
export function buildSeccompFilter(options: SeccompFilterOptions): Uint8Array {
  const program = seccompInstructions(options);
  const bytes = new Uint8Array(program.length * 8);
  const view = new DataView(bytes.buffer);
  program.forEach((insn, index) => {
    const at = index * 8;
    view.setUint16(at, insn.code, true);
    view.setUint8(at + 2, insn.jt);
    view.setUint8(at + 3, insn.jf);
    view.setUint32(at + 4, insn.k >>> 0, true);
  });
  return bytes;
}

/** The current machine as a seccomp architecture, or null when unsupported. */
export function currentSeccompArch(): SeccompArch | null {
  if (process.arch === "x64") return "x64";
  if (process.arch === "arm64") return "arm64";
  return null;
}
