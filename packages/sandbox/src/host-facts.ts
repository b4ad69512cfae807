/**
 * What this Linux host offers a sandbox: bubblewrap and whether it can actually create its
 * namespaces, the Landlock ABI, seccomp, and hints for the refusal message (user-namespace sysctls,
 * containers). Gathered once per process; tests inject their own facts instead.
 */
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { landlockAbiVersion } from "./landlock.ts";
import { errnoMessage } from "./libc.ts";

export type BwrapStatus =
  | { ok: true; disableUserns: boolean }
  /** `unchecked`: not run, since the caller did not need it (a forced Landlock backend). */
  | { ok: false; reason: string; unchecked?: true }
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

type BwrapRun = { ok: boolean; stderr: string };

/** The bwrap run the check makes: every namespace the sandbox uses, around `/bin/true`. */
function bwrapCheckArgs(bwrap: string, extra: string[]): string[] {
  return [
    bwrap,
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
}

function runOutcome(
  exitCode: number | null,
  signalCode: string | number | null | undefined,
  timedOut: boolean,
  stderr: string,
): BwrapRun {
  if (exitCode === 0) return { ok: true, stderr };
  if (timedOut) return { ok: false, stderr: "bwrap did not finish within 5 s" };
  return { ok: false, stderr: stderr || `bwrap ended by ${signalCode ?? `exit code ${exitCode}`}` };
}

function tryBwrap(bwrap: string, extra: string[]): BwrapRun {
  try {
    // Bun's own spawn: loading `node:child_process` for this one run cost ~2 MiB and milliseconds.
    const result = Bun.spawnSync(bwrapCheckArgs(bwrap, extra), {
      timeout: 5000,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const stderr = result.stderr.toString().trim();
    return runOutcome(result.exitCode, result.signalCode, result.exitedDueToTimeout === true, stderr);
  } catch (error) {
    return { ok: false, stderr: String(error) };
  }
}

async function tryBwrapInBackground(bwrap: string, extra: string[]): Promise<BwrapRun> {
  try {
    const started = performance.now();
    const child = Bun.spawn(bwrapCheckArgs(bwrap, extra), {
      timeout: 5000,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const stderr = (await new Response(child.stderr).text()).trim();
    await child.exited;
    const timedOut = child.exitCode === null && performance.now() - started >= 5000;
    return runOutcome(child.exitCode, child.signalCode, timedOut, stderr);
  } catch (error) {
    return { ok: false, stderr: String(error) };
  }
}

/** A bwrap without `--disable-userns` (older than 0.8) is checked again without it. */
function needsPlainRun(withFlag: BwrapRun): boolean {
  return !withFlag.ok && /unknown option|unrecognized/i.test(withFlag.stderr);
}

function statusOf(withFlag: BwrapRun, plain: BwrapRun | null): BwrapStatus {
  if (withFlag.ok) return { ok: true, disableUserns: true };
  if (plain === null) return { ok: false, reason: withFlag.stderr || "bwrap failed" };
  return plain.ok
    ? { ok: true, disableUserns: false }
    : { ok: false, reason: plain.stderr || "bwrap failed" };
}

/** Runs bwrap once with the namespaces the sandbox uses. */
function checkBwrap(bwrap: string): BwrapStatus {
  const withFlag = tryBwrap(bwrap, ["--disable-userns"]);
  return statusOf(withFlag, needsPlainRun(withFlag) ? tryBwrap(bwrap, []) : null);
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

let cached: Omit<LinuxHostFacts, "bwrap"> | null = null;
let bwrapChecked: BwrapStatus | undefined;

/**
 * Probes this host once and caches the answer: a few files and one system call, and one bwrap run
 * (10-20 ms) unless `checkBwrap` is false and it has not run yet (`bwrap` is then "unchecked").
 */
export function linuxHostFacts(
  env: Record<string, string | undefined>,
  options: { checkBwrap: boolean } = { checkBwrap: true },
): LinuxHostFacts {
  if (cached === null) {
    const landlock = landlockFacts();
    cached = {
      bwrapPath: findBwrap(env),
      landlockAbi: landlock.abi,
      landlockError: landlock.error,
      seccomp: /^Seccomp:/m.test(readText("/proc/self/status") ?? ""),
      usernsBlocked: usernsBlocked(),
      container: detectContainer(env),
    };
  }
  const { bwrapPath } = cached;
  if (bwrapChecked === undefined && (options.checkBwrap || bwrapPath === null))
    bwrapChecked = bwrapPath ? checkBwrap(bwrapPath) : null;
  const unchecked = { ok: false as const, reason: "not checked", unchecked: true as const };
  return { ...cached, bwrap: bwrapChecked === undefined ? unchecked : bwrapChecked };
}

/**
 * Makes the bwrap run of `linuxHostFacts` in the background, so that a later call finds it done
 * instead of blocking for it (a turn's warm-up, while the model thinks).
 */
export async function checkBwrapInBackground(env: Record<string, string | undefined>): Promise<void> {
  const { bwrapPath } = linuxHostFacts(env, { checkBwrap: false });
  if (bwrapChecked !== undefined || bwrapPath === null) return;
  const withFlag = await tryBwrapInBackground(bwrapPath, ["--disable-userns"]);
  const plain = needsPlainRun(withFlag) ? await tryBwrapInBackground(bwrapPath, []) : null;
  bwrapChecked ??= statusOf(withFlag, plain);
}

/** Records what a bwrap run made elsewhere showed (a session sandbox that started and ran a command). */
export function noteBwrapWorks(status: BwrapStatus & { ok: true }): void {
  bwrapChecked ??= status;
}
