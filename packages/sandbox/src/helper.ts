/**
 * The hidden helper mode (`codex --codex-linux-sandbox …`). It locks its own thread down and then
 * replaces itself with the command (`execve`), so the command's stdin/stdout/stderr, exit status and
 * signals are its own. Two forms:
 *
 *   --network off|on --landlock [--write ROOT [--read-only PATH]…]… -- CMD ARGS…
 *       no_new_privs, Landlock, seccomp, setsid, default signal dispositions, execvp CMD.
 *   --network off|on --bwrap BWRAP -- BWRAP-ARGS…
 *       writes the seccomp filter into a pipe and execs `BWRAP --seccomp FD BWRAP-ARGS…`.
 *
 * Keep the imports small: this runs once per sandboxed command.
 */

import { lookupCommand } from "./command-path.ts";
import { applyLandlock } from "./landlock.ts";
import type { WritableRoot } from "./layout.ts";
import { cString, cStringArray, errno, errnoMessage, libc, ptr, rawSyscall } from "./libc.ts";
import { buildSeccompFilter, currentSeccompArch } from "./seccomp.ts";

export const HELPER_FLAG = "--codex-linux-sandbox";

const PR_SET_NO_NEW_PRIVS = 38;
const PR_SET_SECCOMP = 22;
const SECCOMP_MODE_FILTER = 2;
const PR_CAPBSET_DROP = 24;
const PR_CAP_AMBIENT = 47;
const PR_CAP_AMBIENT_CLEAR_ALL = 4;
const SYS_PRCTL = process.arch === "arm64" ? 167 : 157;
const SYS_CAPSET = process.arch === "arm64" ? 91 : 126;
const CAPABILITY_VERSION_3 = 0x20080522;
const SIG_SETMASK = 2;
const SIG_DFL = 0n;

export type HelperRequest =
  | { kind: "landlock"; networkDisabled: boolean; writableRoots: WritableRoot[]; command: string[] }
  | { kind: "bwrap"; networkDisabled: boolean; bwrap: string; bwrapArgs: string[] };

export class HelperUsageError extends Error {
  override name = "HelperUsageError";
}

/** Parses the helper's arguments (those after `--codex-linux-sandbox`). */
export function parseHelperArgs(args: string[]): HelperRequest {
  const rest = args[0] === HELPER_FLAG ? args.slice(1) : args;
  let networkDisabled = true;
  let bwrap: string | null = null;
  let landlock = false;
  const roots: WritableRoot[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const arg = rest[i];
    const value = rest[i + 1];
    if (arg === "--") break;
    if (arg === "--landlock") {
      landlock = true;
      continue;
    }
    if (value === undefined) throw new HelperUsageError(`missing value after ${arg}`);
    if (arg === "--network") networkDisabled = value !== "on";
    else if (arg === "--bwrap") bwrap = value;
    else if (arg === "--write") roots.push({ root: value, readOnly: [] });
    else if (arg === "--read-only") {
      const last = roots[roots.length - 1];
      if (!last) throw new HelperUsageError("--read-only must follow a --write");
      last.readOnly.push(value);
    } else throw new HelperUsageError(`unknown argument ${arg}`);
    i++;
  }
  const command = rest.slice(i + 1);
  if (i >= rest.length || command.length === 0) throw new HelperUsageError("no command after --");
  if (bwrap !== null) return { kind: "bwrap", networkDisabled, bwrap, bwrapArgs: command };
  if (!landlock) throw new HelperUsageError("expected --landlock or --bwrap");
  return { kind: "landlock", networkDisabled, writableRoots: roots, command };
}

function fail(message: string, code: number): never {
  process.stderr.write(`codex sandbox: ${message}\n`);
  process.exit(code);
}

function seccompFilter(networkDisabled: boolean): Uint8Array {
  const arch = currentSeccompArch();
  if (!arch) fail(`seccomp filters are only built for x86-64 and arm64, not ${process.arch}`, 1);
  return buildSeccompFilter({ arch, networkDisabled });
}

function setNoNewPrivs(): void {
  const result = rawSyscall(SYS_PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (result < 0) fail(`prctl(PR_SET_NO_NEW_PRIVS): ${errnoMessage(-result)}`, 1);
}

/**
 * Drops every capability, now and across execve (bounding set, ambient set): root inside the
 * Landlock tier must not keep CAP_MKNOD, CAP_SYS_MODULE, CAP_SYS_PTRACE and the like.
 */
function dropCapabilities(): void {
  for (let cap = 0; cap < 64; cap++) rawSyscall(SYS_PRCTL, PR_CAPBSET_DROP, cap, 0, 0, 0);
  rawSyscall(SYS_PRCTL, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  const header = new Uint32Array([CAPABILITY_VERSION_3, 0]);
  const data = new Uint32Array(6); // two __user_cap_data_struct, all zero
  const result = rawSyscall(SYS_CAPSET, ptr(header), ptr(data));
  if (result < 0) fail(`dropping capabilities failed: ${errnoMessage(-result)}`, 1);
}

function installSeccomp(filter: Uint8Array): void {
  const fprog = new Uint8Array(16); // struct sock_fprog
  const view = new DataView(fprog.buffer);
  view.setUint16(0, filter.length / 8, true);
  view.setBigUint64(8, BigInt(ptr(filter)), true);
  const result = rawSyscall(SYS_PRCTL, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ptr(fprog), 0, 0);
  if (result < 0) fail(`installing the seccomp filter failed: ${errnoMessage(-result)}`, 1);
}

/** Default dispositions (Bun ignores SIGPIPE, and ignored signals survive execve) and no mask. */
function resetSignals(): void {
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

type ExecOptions = { searchPath: boolean; env: Record<string, string | undefined> };

function exec(program: string, argv: string[], options: ExecOptions): never {
  const file = cString(program);
  const args = cStringArray(argv);
  const env = cStringArray(environment(options.env));
  resetSignals();
  if (options.searchPath) libc().execvpe(ptr(file), ptr(args.array), ptr(env.array));
  else libc().execve(ptr(file), ptr(args.array), ptr(env.array));
  const code = errno();
  // Keep the buffers reachable until after the call.
  void [args.keep, env.keep];
  fail(`cannot run ${program}: ${errnoMessage(code)}`, code === 2 ? 127 : 126);
}

function runBwrap(request: Extract<HelperRequest, { kind: "bwrap" }>, env: HelperEnv): never {
  const separator = request.bwrapArgs.indexOf("--");
  const program = request.bwrapArgs[separator + 1];
  const chdir = request.bwrapArgs.indexOf("--chdir");
  const cwd = chdir >= 0 ? (request.bwrapArgs[chdir + 1] ?? process.cwd()) : process.cwd();
  if (separator >= 0 && program) {
    const lookup = lookupCommand(program, { path: env.PATH, cwd });
    if (!lookup.found) fail(lookup.message, lookup.exitCode);
  }
  const filter = seccompFilter(request.networkDisabled);
  const fds = new Int32Array(2);
  if (libc().pipe(ptr(fds)) !== 0) fail(`pipe: ${errnoMessage(errno())}`, 1);
  const [readFd, writeFd] = [fds[0]!, fds[1]!];
  const written = Number(libc().write(writeFd, ptr(filter), BigInt(filter.length)));
  if (written !== filter.length) fail("could not hand the seccomp filter to bwrap", 1);
  libc().close(writeFd);
  const argv = [request.bwrap, "--seccomp", String(readFd), ...request.bwrapArgs];
  return exec(request.bwrap, argv, { searchPath: false, env });
}

function runLandlock(request: Extract<HelperRequest, { kind: "landlock" }>, env: HelperEnv): never {
  const filter = seccompFilter(request.networkDisabled);
  libc().setsid(); // fails harmlessly when already a process-group leader
  setNoNewPrivs();
  dropCapabilities();
  try {
    applyLandlock({ writableRoots: request.writableRoots, networkDisabled: request.networkDisabled });
  } catch (error) {
    fail(`${(error as Error).message}; the command was not run`, 1);
  }
  installSeccomp(filter);
  const [program, ...rest] = request.command;
  return exec(program!, [program!, ...rest], { searchPath: true, env });
}

type HelperEnv = Record<string, string | undefined>;

export type HelperOptions = {
  /** The command's environment; defaults to this process's. */
  env?: HelperEnv;
};

/**
 * Entry point of the helper mode. `args` are the process arguments after `--codex-linux-sandbox`
 * (a leading `--codex-linux-sandbox` is skipped too). Never returns: it execs or exits.
 */
export function runLinuxSandboxHelper(args: string[], options: HelperOptions = {}): never {
  const env = options.env ?? process.env;
  let request: HelperRequest;
  try {
    request = parseHelperArgs(args);
  } catch (error) {
    fail(`bad helper arguments: ${(error as Error).message}`, 2);
  }
  if (request.kind === "bwrap") return runBwrap(request, env);
  return runLandlock(request, env);
}
