/**
 * System-call numbers the seccomp filter names, for x86-64 and arm64 (asm-generic). A test compares
 * them with the kernel headers when those are installed.
 */

export type SeccompArch = "x64" | "arm64";

export type SyscallName =
  | "socket"
  | "socketpair"
  | "connect"
  | "accept"
  | "accept4"
  | "bind"
  | "listen"
  | "ptrace"
  | "process_vm_readv"
  | "process_vm_writev"
  | "io_uring_setup"
  | "io_uring_enter"
  | "io_uring_register"
  | "ioctl"
  | "shmget"
  | "shmat"
  | "shmctl"
  | "shmdt"
  | "semget"
  | "semop"
  | "semctl"
  | "semtimedop"
  | "msgget"
  | "msgsnd"
  | "msgrcv"
  | "msgctl"
  | "mq_open"
  | "mq_unlink"
  | "mq_timedsend"
  | "mq_timedreceive"
  | "mq_notify"
  | "mq_getsetattr"
  | "add_key"
  | "request_key"
  | "keyctl";

export type SyscallTable = Record<SyscallName, number>;

export const X64: SyscallTable = {
  ioctl: 16,
  shmget: 29,
  shmat: 30,
  shmctl: 31,
  socket: 41,
  connect: 42,
  accept: 43,
  bind: 49,
  listen: 50,
  socketpair: 53,
  semget: 64,
  semop: 65,
  semctl: 66,
  shmdt: 67,
  msgget: 68,
  msgsnd: 69,
  msgrcv: 70,
  msgctl: 71,
  ptrace: 101,
  semtimedop: 220,
  mq_open: 240,
  mq_unlink: 241,
  mq_timedsend: 242,
  mq_timedreceive: 243,
  mq_notify: 244,
  mq_getsetattr: 245,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  accept4: 288,
  process_vm_readv: 310,
  process_vm_writev: 311,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
};

export const ARM64: SyscallTable = {
  ioctl: 29,
  ptrace: 117,
  mq_open: 180,
  mq_unlink: 181,
  mq_timedsend: 182,
  mq_timedreceive: 183,
  mq_notify: 184,
  mq_getsetattr: 185,
  msgget: 186,
  msgctl: 187,
  msgrcv: 188,
  msgsnd: 189,
  semget: 190,
  semctl: 191,
  semtimedop: 192,
  semop: 193,
  shmget: 194,
  shmctl: 195,
  shmat: 196,
  shmdt: 197,
  socket: 198,
  socketpair: 199,
  bind: 200,
  listen: 201,
  accept: 202,
  connect: 203,
  add_key: 217,
  request_key: 218,
  keyctl: 219,
  accept4: 242,
  process_vm_readv: 270,
  process_vm_writev: 271,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
};

export const SYSCALLS: Record<SeccompArch, SyscallTable> = { x64: X64, arm64: ARM64 };
