/**
 * Landlock through raw system calls: read everywhere, write only in the writable roots and a few
 * device files. Landlock can only add rights beneath a directory, never take them away, so a
 * writable root that holds a read-only path (`.git`, `.codex`) is granted piecewise: every entry on
 * the way to the protected path except the path itself. Consequence, documented in docs/sandbox.md:
 * in such a root, new entries cannot be created directly in the directories on that way (for a
 * repository: the top level of the workspace), while existing files there stay writable.
 */
import { fstatSync, lstatSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import type { WritableRoot } from "./layout.ts";
import { isWithin } from "./layout.ts";
import { cString, errnoMessage, libc, ptr, rawSyscall } from "./libc.ts";

const SYS_CREATE_RULESET = 444;
const SYS_ADD_RULE = 445;
const SYS_RESTRICT_SELF = 446;
const CREATE_RULESET_VERSION = 1;
const RULE_PATH_BENEATH = 1;

// LANDLOCK_ACCESS_FS_* bits and the ABI version that introduced each.
const FS = {
  EXECUTE: 1 << 0,
  WRITE_FILE: 1 << 1,
  READ_FILE: 1 << 2,
  READ_DIR: 1 << 3,
  REMOVE_DIR: 1 << 4,
  REMOVE_FILE: 1 << 5,
  MAKE_CHAR: 1 << 6,
  MAKE_DIR: 1 << 7,
  MAKE_REG: 1 << 8,
  MAKE_SOCK: 1 << 9,
  MAKE_FIFO: 1 << 10,
  MAKE_BLOCK: 1 << 11,
  MAKE_SYM: 1 << 12,
  REFER: 1 << 13,
  TRUNCATE: 1 << 14,
  IOCTL_DEV: 1 << 15,
} as const;

const SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0;
const SCOPE_SIGNAL = 1 << 1;

/** Every file-system right the kernel of this ABI version knows. */
function handledAccessFs(abi: number): number {
  let mask = (1 << 13) - 1;
  if (abi >= 2) mask |= FS.REFER;
  if (abi >= 3) mask |= FS.TRUNCATE;
  if (abi >= 5) mask |= FS.IOCTL_DEV;
  return mask;
}

const READ = FS.EXECUTE | FS.READ_FILE | FS.READ_DIR;
/** The rights that make sense on a non-directory. */
const FILE_RIGHTS = FS.EXECUTE | FS.WRITE_FILE | FS.READ_FILE | FS.TRUNCATE | FS.IOCTL_DEV;
const DEVICE_WRITE = FS.READ_FILE | FS.WRITE_FILE | FS.TRUNCATE | FS.IOCTL_DEV;

// open(2) flags: O_PATH and O_CLOEXEC agree on x86-64 and arm64; O_NOFOLLOW does not.
const O_PATH = 0o10000000;
const O_CLOEXEC = 0o2000000;
const O_NOFOLLOW = process.arch === "arm64" ? 0o100000 : 0o400000;

/** The kernel's Landlock ABI version, or a negative errno (-ENOSYS: not built, -EOPNOTSUPP: off). */
export function landlockAbiVersion(): number {
  return rawSyscall(SYS_CREATE_RULESET, 0, 0, CREATE_RULESET_VERSION);
}

type Rule = { path: string; access: number; isDirectory: boolean };

/** Rules that grant write on `root` except on the protected paths beneath it. */
function writeRules(root: WritableRoot, abi: number): Rule[] {
  // Everything but device nodes: a character or block device in the workspace would be a way out.
  const all = handledAccessFs(abi) & ~(FS.MAKE_CHAR | FS.MAKE_BLOCK);
  const rules: Rule[] = [];
  const visit = (dir: string, protectedHere: string[]) => {
    if (protectedHere.some((path) => path === dir)) return;
    if (protectedHere.length === 0) {
      rules.push({ path: dir, access: all, isDirectory: true });
      return;
    }
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      let info: ReturnType<typeof lstatSync>;
      try {
        info = lstatSync(path);
      } catch {
        continue;
      }
      // A symlink would grant rights on its target, which may lie anywhere.
      if (info.isSymbolicLink()) continue;
      const inside = protectedHere.filter((p) => isWithin(p, path));
      if (info.isDirectory()) visit(path, inside);
      else if (inside.length === 0) rules.push({ path, access: all & FILE_RIGHTS, isDirectory: false });
    }
  };
  visit(root.root, root.readOnly);
  return rules;
}

class LandlockError extends Error {
  override name = "LandlockError";
}

function addRule(rulesetFd: number, rule: Rule, abi: number): void {
  const flags = O_PATH | O_CLOEXEC | (rule.isDirectory ? 0 : O_NOFOLLOW);
  const pathBuffer = cString(rule.path);
  const fd = libc().open(ptr(pathBuffer), flags, 0);
  if (fd < 0) return; // vanished since it was listed: nothing to grant
  const access = rule.access & handledAccessFs(abi);
  const attr = new Uint8Array(12); // struct landlock_path_beneath_attr (packed)
  const view = new DataView(attr.buffer);
  view.setBigUint64(0, BigInt(access), true);
  view.setInt32(8, fd, true);
  const result = rawSyscall(SYS_ADD_RULE, rulesetFd, RULE_PATH_BENEATH, ptr(attr), 0);
  libc().close(fd);
  if (result < 0) {
    throw new LandlockError(`landlock_add_rule(${rule.path}): ${errnoMessage(-result)}`);
  }
}

export type LandlockOptions = {
  writableRoots: WritableRoot[];
  networkDisabled: boolean;
};

/** Devices every command may read and write, as the bwrap tier's fresh /dev offers them. */
const DEVICE_FILES = ["/dev/null", "/dev/zero", "/dev/full", "/dev/tty"];

/**
 * The terminals this process's stdin, stdout and stderr are, if any (`codex sandbox linux` run in a
 * terminal): the command may use its own terminal, never the user's other ones in /dev/pts.
 */
function ownTerminals(): string[] {
  const found: string[] = [];
  for (const fd of [0, 1, 2]) {
    try {
      const info = fstatSync(fd);
      if (!info.isCharacterDevice()) continue;
      const path = readlinkSync(`/proc/self/fd/${fd}`);
      if (path.startsWith("/dev/") && statSync(path).rdev === info.rdev) found.push(path);
    } catch {
      // Closed, or not a path we can name: nothing to grant.
    }
  }
  return found;
}

function createRuleset(handledFs: number, scoped: number, abi: number): number {
  const attr = new Uint8Array(24); // struct landlock_ruleset_attr
  const view = new DataView(attr.buffer);
  view.setBigUint64(0, BigInt(handledFs), true);
  let size = 8;
  if (abi >= 4) size = 16; // handled_access_net stays 0: seccomp handles the network
  if (abi >= 6) {
    view.setBigUint64(16, BigInt(scoped), true);
    size = 24;
  }
  const rulesetFd = rawSyscall(SYS_CREATE_RULESET, ptr(attr), size, 0);
  if (rulesetFd < 0) throw new LandlockError(`landlock_create_ruleset: ${errnoMessage(-rulesetFd)}`);
  return rulesetFd;
}

function restrictSelf(rulesetFd: number): void {
  try {
    const result = rawSyscall(SYS_RESTRICT_SELF, rulesetFd, 0);
    if (result < 0) throw new LandlockError(`landlock_restrict_self: ${errnoMessage(-result)}`);
  } finally {
    libc().close(rulesetFd);
  }
}

export type RulesetOptions = LandlockOptions & {
  /** Also grant the terminals this process's stdin, stdout and stderr are (the helper's inner stage). */
  ownTerminals: boolean;
};

/**
 * A ruleset that grants read everywhere and write in the writable roots and the usual devices, with
 * signals (and, without network, abstract Unix sockets) scoped. Returns its descriptor and the ABI.
 */
export function buildRuleset(options: RulesetOptions): { fd: number; abi: number } {
  const abi = landlockAbiVersion();
  if (abi < 1) throw new LandlockError(`Landlock is unavailable: ${errnoMessage(-abi)}`);
  const scoped = SCOPE_SIGNAL | (options.networkDisabled ? SCOPE_ABSTRACT_UNIX_SOCKET : 0);
  const rulesetFd = createRuleset(handledAccessFs(abi), scoped, abi);
  try {
    const rules: Rule[] = [{ path: "/", access: READ, isDirectory: true }];
    const devices = [...new Set([...DEVICE_FILES, ...(options.ownTerminals ? ownTerminals() : [])])];
    for (const path of devices) rules.push({ path, access: DEVICE_WRITE, isDirectory: false });
    for (const root of options.writableRoots) rules.push(...writeRules(root, abi));
    for (const rule of rules) addRule(rulesetFd, rule, abi);
  } catch (error) {
    libc().close(rulesetFd);
    throw error;
  }
  return { fd: rulesetFd, abi };
}

/**
 * Restricts the calling thread (and what it later executes) with Landlock. The caller must have set
 * `no_new_privs` first. Returns the ABI version used.
 */
export function applyLandlock(options: LandlockOptions): number {
  const { fd, abi } = buildRuleset({ ...options, ownTerminals: true });
  restrictSelf(fd);
  return abi;
}

/** Landlock ABI from which signals can be scoped to a domain (Linux 6.12). */
export const SIGNAL_SCOPE_ABI = 6;

/**
 * Puts the calling thread in a Landlock domain that restricts nothing on the file system but scopes
 * signals: from then on it (and what it spawns) can signal only processes in its own domain or in
 * domains nested in it. The supervisor uses it so that `kill(-1)` reaches exactly the sandbox it
 * started, and the sandbox (nested deeper) cannot signal the supervisor. Needs `no_new_privs`.
 */
export function scopeSignalsToDescendants(abi: number): void {
  if (abi < SIGNAL_SCOPE_ABI) throw new LandlockError(`Landlock ABI ${abi} cannot scope signals`);
  restrictSelf(createRuleset(0, SCOPE_SIGNAL, abi));
}

/**
 * A ruleset with no file-system rule that scopes signals (and, without network, abstract Unix
 * sockets), for a command in the bwrap tier's session sandbox, whose file system is bwrap's mounts:
 * it keeps the commands of a session from signalling, tracing or connecting to one another as
 * separate sandboxes would. Needs ABI >= SIGNAL_SCOPE_ABI.
 */
export function buildScopeRuleset(options: { networkDisabled: boolean }): number {
  const abi = landlockAbiVersion();
  if (abi < SIGNAL_SCOPE_ABI) throw new LandlockError(`Landlock ABI ${abi} cannot scope signals`);
  const scoped = SCOPE_SIGNAL | (options.networkDisabled ? SCOPE_ABSTRACT_UNIX_SOCKET : 0);
  return createRuleset(0, scoped, abi);
}
