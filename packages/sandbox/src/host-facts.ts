/**
 * What this Linux host offers a sandbox: bubblewrap and whether it can actually create its
 * namespaces, the Landlock ABI, seccomp, and hints for the refusal message (user-namespace sysctls,
 * containers). Gathered once per process; tests inject their own facts instead.
 */
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { landlockAbiVersion } from "./landlock.ts";
import { errnoMessage } from "./libc.ts";

/** `node:child_process`, loaded on first use: importing it costs every start (docs/performance.md). */
const childProcess = () => process.getBuiltinModule("node:child_process");

export type BwrapStatus =
  | { ok: true; disableUserns: boolean }
  | { ok: false; reason: string }
  /** No `bwrap` executable was found. */
  | null;

export type LinuxHostFacts = {
  bwrapPath: string | null;
  bwrap: BwrapStatus;
  /** The Landlock ABI version (>= 1), or a negative errno when unavailable. */
  landlockAbi: number;
  landlockError: string | null;
  seccomp: boolean;
  /** Why unprivileged user namespaces look blocked (sysctl, AppArmor), or null. */
  usernsBlocked: string | null;
  /** The container runtime this process seems to run in, or null. */
  container: string | null;
};

const SYSTEM_BWRAP = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** bwrap from the system locations first, then absolute PATH entries. */
function findBwrap(env: Record<string, string | undefined>): string | null {
  const pathDirs = (env.PATH ?? "").split(":").filter((dir) => isAbsolute(dir));
  const candidates = [...SYSTEM_BWRAP, ...pathDirs.map((dir) => join(dir, "bwrap"))];
  return candidates.find(isExecutable) ?? null;
}

function tryBwrap(bwrap: string, extra: string[]): { ok: boolean; stderr: string } {
  const args = [
    ...extra,
    "--unshare-user",
    "--unshare-pid",
    "--unshare-net",
    "--new-session",
    "--die-with-parent",
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--",
    "/bin/true",
  ];
  const result = childProcess().spawnSync(bwrap, args, {
    encoding: "utf8",
    timeout: 5000,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return { ok: result.status === 0, stderr: (result.stderr ?? "").trim() || String(result.error ?? "") };
}

/** Runs bwrap once with the namespaces the sandbox uses. */
function checkBwrap(bwrap: string): BwrapStatus {
  const withFlag = tryBwrap(bwrap, ["--disable-userns"]);
  if (withFlag.ok) return { ok: true, disableUserns: true };
  if (!/unknown option|unrecognized/i.test(withFlag.stderr)) {
    return { ok: false, reason: withFlag.stderr || "bwrap failed" };
  }
  const plain = tryBwrap(bwrap, []);
  return plain.ok
    ? { ok: true, disableUserns: false }
    : { ok: false, reason: plain.stderr || "bwrap failed" };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return null;
  }
}

function usernsBlocked(): string | null {
  if (readText("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") === "1") {
    return "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1)";
  }
  if (readText("/proc/sys/kernel/unprivileged_userns_clone") === "0") {
    return "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0)";
  }
  if (readText("/proc/sys/user/max_user_namespaces") === "0") {
    return "user namespaces are disabled (user.max_user_namespaces=0)";
  }
  return null;
}

function detectContainer(env: Record<string, string | undefined>): string | null {
  if (existsSync("/.dockerenv")) return "docker";
  if (existsSync("/run/.containerenv")) return "podman";
  if (env.container) return env.container;
  const cgroup = readText("/proc/1/cgroup") ?? "";
  const match = /(docker|kubepods|containerd|lxc|podman)/.exec(cgroup);
  return match?.[1] ?? null;
}

function landlockFacts(): { abi: number; error: string | null } {
  try {
    const abi = landlockAbiVersion();
    return { abi, error: abi >= 1 ? null : errnoMessage(-abi) };
  } catch (error) {
    return { abi: -38, error: (error as Error).message };
  }
}

let cached: LinuxHostFacts | null = null;

/** Probes this host once (about 5 ms: one bwrap run, one system call) and caches the answer. */
export function linuxHostFacts(env: Record<string, string | undefined>): LinuxHostFacts {
  if (cached) return cached;
  const bwrapPath = findBwrap(env);
  const landlock = landlockFacts();
  const status = readText("/proc/self/status") ?? "";
  cached = {
    bwrapPath,
    bwrap: bwrapPath ? checkBwrap(bwrapPath) : null,
    landlockAbi: landlock.abi,
    landlockError: landlock.error,
    seccomp: /^Seccomp:/m.test(status),
    usernsBlocked: usernsBlocked(),
    container: detectContainer(env),
  };
  return cached;
}
