/**
 * The inner stage of the Landlock tier: lock this process down and become the command. In order:
 * die with the supervisor (parent-death signal), no_new_privs, drop every capability (the bounding
 * and ambient sets too, so root keeps nothing across `execve`), Landlock, seccomp, default signal
 * dispositions, then `execvpe`.
 */
import { applyLandlock } from "./landlock.ts";
import type { WritableRoot } from "./layout.ts";
import { cString, cStringArray, errno, errnoMessage, libc, ptr, rawSyscall } from "./libc.ts";
import { buildSeccompFilter, currentSeccompArch } from "./seccomp.ts";

export const SYS_PRCTL = process.arch === "arm64" ? 167 : 157;
const PR_SET_PDEATHSIG = 1;
const PR_SET_NO_NEW_PRIVS = 38;
const PR_SET_SECCOMP = 22;
const SECCOMP_MODE_FILTER = 2;
const PR_CAPBSET_DROP = 24;
const PR_CAP_AMBIENT = 47;
const PR_CAP_AMBIENT_CLEAR_ALL = 4;
const SYS_CAPSET = process.arch === "arm64" ? 91 : 126;
const CAPABILITY_VERSION_3 = 0x20080522;
const SIG_SETMASK = 2;
const SIG_DFL = 0n;
const SIGKILL = 9;

export function fail(message: string, code: number): never {
  process.stderr.write(`codex sandbox: ${message}\n`);
  process.exit(code);
}

export function prctl(option: number, value: number): number {
  return rawSyscall(SYS_PRCTL, option, value, 0, 0, 0);
}

const PR_SET_DUMPABLE = 4;

/**
 * Before a process dies by the signal its command died of: no core of its own, which would replace
 * the command's (same file name in the same directory) with a useless one.
 */
export function dumpNoCore(): void {
  prctl(PR_SET_DUMPABLE, 0);
}

export function setNoNewPrivs(): void {
  const result = prctl(PR_SET_NO_NEW_PRIVS, 1);
  if (result < 0) fail(`prctl(PR_SET_NO_NEW_PRIVS): ${errnoMessage(-result)}`, 1);
}

/** Drops every capability, now and across execve (bounding set, ambient set). */
function dropCapabilities(): void {
  for (let cap = 0; cap < 64; cap++) prctl(PR_CAPBSET_DROP, cap);
  rawSyscall(SYS_PRCTL, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  const header = new Uint32Array([CAPABILITY_VERSION_3, 0]);
  const data = new Uint32Array(6); // two __user_cap_data_struct, all zero
  const result = rawSyscall(SYS_CAPSET, ptr(header), ptr(data));
  if (result < 0) fail(`dropping capabilities failed: ${errnoMessage(-result)}`, 1);
}

function installSeccomp(networkDisabled: boolean): void {
  const arch = currentSeccompArch();
  if (!arch) fail(`seccomp filters are only built for x86-64 and arm64, not ${process.arch}`, 1);
  // No IPC namespace on this tier: System V IPC, POSIX queues and keyrings would be the host's.
  const filter = buildSeccompFilter({ arch, networkDisabled, shareHostIpc: true });
  const fprog = new Uint8Array(16); // struct sock_fprog
  const view = new DataView(fprog.buffer);
  view.setUint16(0, filter.length / 8, true);
  view.setBigUint64(8, BigInt(ptr(filter)), true);
  const result = rawSyscall(SYS_PRCTL, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ptr(fprog), 0, 0);
  if (result < 0) fail(`installing the seccomp filter failed: ${errnoMessage(-result)}`, 1);
}

/** Default dispositions (Bun ignores SIGPIPE, and ignored signals survive execve) and no mask. */
export function resetSignals(): void {
  for (let signal = 1; signal <= 64; signal++) {
    if (signal === 9 || signal === 19) continue;
    libc().signal(signal, SIG_DFL);
  }
  const empty = new Uint8Array(128);
  libc().sigprocmask(SIG_SETMASK, ptr(empty), null);
}

function environment(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) out.push(`${key}=${value}`);
  }
  return out;
}

export type LockdownRequest = {
  networkDisabled: boolean;
  writableRoots: WritableRoot[];
  command: string[];
  /** The supervisor's pid: this process's parent, which it must not outlive. */
  supervisor: number;
};

export function lockDownAndExec(request: LockdownRequest, env: Record<string, string | undefined>): never {
  // The supervisor kills what the command leaves behind; if the supervisor itself is killed, the
  // command must not run on without it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (libc().getppid() !== request.supervisor)
    fail("the sandbox supervisor is gone; the command was not run", 1);
  setNoNewPrivs();
  dropCapabilities();
  try {
    applyLandlock({ writableRoots: request.writableRoots, networkDisabled: request.networkDisabled });
  } catch (error) {
    fail(`${(error as Error).message}; the command was not run`, 1);
  }
  installSeccomp(request.networkDisabled);
  const [program, ...rest] = request.command;
  const file = cString(program!);
  const args = cStringArray([program!, ...rest]);
  const envp = cStringArray(environment(env));
  resetSignals();
  libc().execvpe(ptr(file), ptr(args.array), ptr(envp.array));
  const code = errno();
  // Keep the buffers reachable until after the call.
  void [args.keep, envp.keep];
  fail(`cannot run ${program}: ${errnoMessage(code)}`, code === 2 ? 127 : 126);
}
