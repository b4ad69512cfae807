/**
 * A classic-BPF seccomp filter, assembled here, for x86-64 and arm64. The same bytes go to
 * `prctl(PR_SET_SECCOMP)` (Landlock tier) and to `bwrap --seccomp FD`.
 *
 * Policy (default allow; matching calls fail with EPERM):
 * - always: ptrace, process_vm_readv/writev, io_uring_setup/enter/register, ioctl(TIOCSTI);
 * - `shareHostIpc` (the Landlock tier, which has no IPC namespace): System V shared memory,
 *   semaphores and message queues, POSIX message queues, and the kernel keyring
 *   (add_key/request_key/keyctl), all of which would otherwise be the host's;
 * - `sharedKeyrings` (the bwrap tier's session sandbox, whose user namespace, and so whose
 *   keyrings, every command of the session shares): the kernel keyring;
 * - network off: socket/socketpair unless the domain is AF_UNIX, and AF_UNIX datagram sockets too
 *   (an unconnected datagram socket can `sendmsg` to any named socket on the host, and seccomp cannot
 *   see a sendmsg's address); connect, accept, accept4, bind, listen. With no network socket and no
 *   way to reach a named or abstract one, the data path (send*, recv*, get/setsockopt, shutdown,
 *   getsockname/getpeername) stays allowed, so socketpair IPC (Node's `fork()` channel, Python's
 *   socketpair, multiprocessing pipes) works;
 * - network through the proxy bridge (`proxyRouted`, bwrap tier, a network namespace of its own):
 *   socket() for IPv4/IPv6 only (they reach nothing but the bridge) and socketpair for AF_UNIX
 *   stream/seqpacket only; no AF_UNIX socket() at all, so no socket file of the host is reachable;
 * - a foreign architecture (i386 or x32 system calls on x86-64) kills the process, since those
 *   system-call numbers would bypass the table above.
 */
import { type SeccompArch, SYSCALLS, type SyscallName } from "./syscall-numbers.ts";

export type { SeccompArch } from "./syscall-numbers.ts";

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

const HOST_IPC: SyscallName[] = [
  "shmget",
  "shmat",
  "shmctl",
  "shmdt",
  "semget",
  "semop",
  "semctl",
  "semtimedop",
  "msgget",
  "msgsnd",
  "msgrcv",
  "msgctl",
  "mq_open",
  "mq_unlink",
  "mq_timedsend",
  "mq_timedreceive",
  "mq_notify",
  "mq_getsetattr",
];
const KEYRINGS: SyscallName[] = ["add_key", "request_key", "keyctl"];

const NETWORK_DENIED: SyscallName[] = ["connect", "accept", "accept4", "bind", "listen"];

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_DGRAM = 2;
/** `type` of socket(2) also carries SOCK_NONBLOCK and SOCK_CLOEXEC; the kind is the low bits. */
const SOCK_TYPE_MASK = 0xf;
const TIOCSTI = 0x5412;
const EPERM = 1;

// Classic BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h).
const LD_W_ABS = 0x20;
const ALU_AND_K = 0x54;
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
  /** The command shares the host's IPC namespace and keyrings (no `--unshare-ipc`): deny them. */
  shareHostIpc: boolean;
  /** The network goes through the proxy bridge: IP sockets and Unix socket pairs only. */
  proxyRouted?: boolean;
  /** The command's user namespace, and so its keyrings, is shared with other commands: deny them. */
  sharedKeyrings?: boolean;
};

/**
 * socket/socketpair with the network off: allowed only for AF_UNIX stream and seqpacket sockets.
 * Expects the system-call number in the accumulator; falls through (number reloaded) otherwise.
 */
function unixStreamOnly(nr: number): Instruction[] {
  return [
    jump(JEQ_K, nr, 0, 8),
    stmt(LD_W_ABS, offsetArgLow(0)),
    jump(JEQ_K, AF_UNIX, 1, 0),
    stmt(RET_K, RET_ERRNO_EPERM),
    stmt(LD_W_ABS, offsetArgLow(1)),
    stmt(ALU_AND_K, SOCK_TYPE_MASK),
    jump(JEQ_K, SOCK_DGRAM, 0, 1),
    stmt(RET_K, RET_ERRNO_EPERM),
    stmt(RET_K, RET_ALLOW),
  ];
}

/** socket(): IPv4 and IPv6 only. Same contract as `unixStreamOnly`. */
function ipSocketsOnly(nr: number): Instruction[] {
  return [
    jump(JEQ_K, nr, 0, 5),
    stmt(LD_W_ABS, offsetArgLow(0)),
    jump(JEQ_K, AF_INET, 2, 0),
    jump(JEQ_K, AF_INET6, 1, 0),
    stmt(RET_K, RET_ERRNO_EPERM),
    stmt(RET_K, RET_ALLOW),
  ];
}

/** The filter as BPF instructions (exposed for tests). */
export function seccompInstructions(options: SeccompFilterOptions): Instruction[] {
  const table = SYSCALLS[options.arch];
  const program: Instruction[] = [
    stmt(LD_W_ABS, OFFSET_ARCH),
    jump(JEQ_K, AUDIT_ARCH[options.arch], 1, 0),
    stmt(RET_K, RET_KILL_PROCESS),
    stmt(LD_W_ABS, OFFSET_NR),
  ];
  if (options.arch === "x64") {
    program.push(jump(JGE_K, X32_SYSCALL_BIT, 0, 1), stmt(RET_K, RET_KILL_PROCESS));
  }
  // The accumulator holds the system-call number here; each block below either returns or falls
  // through with the accumulator unchanged.
  const denied = [
    ...ALWAYS_DENIED,
    ...(options.shareHostIpc ? HOST_IPC : []),
    ...(options.shareHostIpc || options.sharedKeyrings ? KEYRINGS : []),
    ...(options.networkDisabled ? NETWORK_DENIED : []),
  ];
  for (const name of denied) {
    program.push(jump(JEQ_K, table[name], 0, 1), stmt(RET_K, RET_ERRNO_EPERM));
  }
  if (options.networkDisabled) {
    for (const name of ["socket", "socketpair"] as const) program.push(...unixStreamOnly(table[name]));
  } else if (options.proxyRouted) {
    program.push(...ipSocketsOnly(table.socket), ...unixStreamOnly(table.socketpair));
  }
  // ioctl(fd, TIOCSTI, ...): pushing bytes into a terminal's input queue. Last, since it loads an
  // argument into the accumulator.
  program.push(
    jump(JEQ_K, table.ioctl, 0, 3),
    stmt(LD_W_ABS, offsetArgLow(1)),
    jump(JEQ_K, TIOCSTI, 0, 1),
    stmt(RET_K, RET_ERRNO_EPERM),
  );
  program.push(stmt(RET_K, RET_ALLOW));
  return program;
}

/** Filters already encoded, by their options: every sandboxed command needs one. */
const encodedFilters = new Map<string, Uint8Array>();

/** The filter as the raw `struct sock_filter[]` bytes the kernel and bwrap expect (a fresh copy). */
export function buildSeccompFilter(options: SeccompFilterOptions): Uint8Array {
  const key = [
    options.arch,
    options.networkDisabled,
    options.shareHostIpc,
    options.proxyRouted === true,
    options.sharedKeyrings === true,
  ].join(" ");
  let bytes = encodedFilters.get(key);
  if (bytes === undefined) {
    bytes = encodeFilter(seccompInstructions(options));
    encodedFilters.set(key, bytes);
  }
  return bytes.slice();
}

function encodeFilter(program: Instruction[]): Uint8Array {
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
