/**
 * The bwrap tier's session sandboxes. Starting bwrap costs ~10 ms, more than the whole per-command
 * budget, so codex keeps one bwrap running per layout (writable roots, read-only paths, network)
 * and each command's native supervisor enters its namespaces with one setns(2) on a pidfd (stub
 * mode 2, as `flatpak enter` does) instead of starting a bwrap of its own. What a bwrap per command
 * gave each command on top of the layout (its own PID namespace) the supervisor's signal-scoped
 * Landlock domains give instead, so this needs the native stub and Landlock ABI >= 6.
 *
 * A session starts in the background the first time its layout is asked for (core asks when the
 * model begins a tool call, and a command waits for a start that began less than 100 ms ago), and is used once a trial
 * has entered it; until then, and wherever sessions cannot work, a command gets a bwrap of
 * its own as before (never a weaker sandbox). A failure keeps sessions off for a minute.
 *
 * A session is keyed by its scope (core: the conversation, since commands of one session see each
 * other's processes) and its layout, and used only while its mounts are still the layout's: a bind
 * mount holds the directory it found, and when that directory is removed (or moved) outside the
 * sandbox the kernel detaches the mount, so a `.git` removed and made again would be writable
 * through the workspace's mount. Before each command the session's mount table is checked (every
 * writable root bound read-write, every read-only path read-only, at its path); a session that
 * fails gets replaced. A changed layout gets a new session; idle old ones are retired beyond
 * MAX_SESSIONS. Each session's bwrap dies with codex (`--die-with-parent`), and every process in
 * it with the bwrap.
 */
import { readFileSync, readlinkSync } from "node:fs";
import type { Subprocess } from "bun";
import { bwrapArgs } from "./bwrap.ts";
import type { SandboxLayout } from "./layout.ts";
import { errnoMessage, libc, ptr, rawSyscall } from "./libc.ts";

const SYS_PIDFD_OPEN = 434;
const POLLIN = 1;
const READY = "ready\n";
const START_TIMEOUT_MS = 10_000;
const MAX_SESSIONS = 4;

// The namespaces a command enters, as setns(2) flags.
const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWNS = 0x00020000;
const CLONE_NEWPID = 0x20000000;
const CLONE_NEWIPC = 0x08000000;
const CLONE_NEWUTS = 0x04000000;
const CLONE_NEWNET = 0x40000000;
const NAMESPACES: Array<[string, number]> = [
  ["user", CLONE_NEWUSER],
  ["mnt", CLONE_NEWNS],
  ["pid", CLONE_NEWPID],
  ["ipc", CLONE_NEWIPC],
  ["uts", CLONE_NEWUTS],
  ["net", CLONE_NEWNET],
  ["cgroup", 0x02000000],
];
/** What a session must have of its own (cgroup is optional, as bwrap's `--unshare-cgroup-try`). */
const REQUIRED = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS;
/** How long a failure keeps sessions off (all of them after a failed trial, else that layout's). */
const RETRY_AFTER_MS = 60_000;

type Session = {
  monitor: Subprocess<"pipe", "pipe", "pipe">;
  /** The sandbox's init, whose mount table is checked. */
  init: number;
  /** The ids of its mounts when it started (mountinfo order). */
  mountIds: string;
  /** pidfd of the sandbox's first process (its init), whose namespaces commands enter. */
  pidfd: number;
  namespaces: number;
  running: number;
  lastUsed: number;
  /** Replaced while commands ran in it: stopped when the last one ends. */
  retired: boolean;
};

export type SessionEntry = {
  pidfd: number;
  /** setns(2) flags for stub mode 2. */
  namespaces: number;
  /** Call when the command has exited. */
  release: () => void;
};

export type SessionRequest = {
  bwrap: string;
  layout: SandboxLayout;
  disableUserns: boolean;
  /** Who may share the session (core: the conversation); part of its key. */
  scope: string;
  /** Runs a trial in a new session as a command would run; resolves null when it passed, else why not. */
  trial: (entry: SessionEntry) => Promise<string | null>;
};

const sessions = new Map<string, Session>();
/** Sessions being started, and when each start began. */
const starting = new Map<string, { started: Promise<void>; since: number }>();
/** Why sessions are off for now (a trial failed: this machine), and until when. */
let unavailable: { problem: string; until: number } | null = null;
/** Sessions that could not start (this layout; a bwrap of its own will say why), by key. */
const failed = new Map<string, { problem: string; until: number }>();

/** A trial could not enter the session: sessions cannot work on this machine. */
class TrialFailed extends Error {}

/** The session's bwrap arguments: the layout, and a shell that waits for codex to go. */
function sessionArgs(request: SessionRequest): string[] {
  const command = ["/bin/sh", "-c", `echo ${READY.trim()}; read -r _`];
  return bwrapArgs({ layout: request.layout, cwd: "/", command, disableUserns: request.disableUserns });
}

function sessionKey(request: SessionRequest, args: string[]): string {
  return [request.scope, request.bwrap, ...args].join("\n");
}

/** A mount point as /proc/PID/mountinfo writes it (space, tab, newline and backslash in octal). */
function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** The session's mount table: each mount's id, and the options of the last mount at each path. */
function mountTable(init: number): { ids: string; options: Map<string, string> } | null {
  let table: string;
  try {
    table = readFileSync(`/proc/${init}/mountinfo`, "utf8");
  } catch {
    return null;
  }
  const ids: string[] = [];
  const options = new Map<string, string>();
  for (const line of table.split("\n")) {
    const fields = line.split(" ");
    if (fields.length <= 5) continue;
    ids.push(fields[0]!);
    options.set(unescapeMountPath(fields[4]!), fields[5]!);
  }
  return { ids: ids.join(" "), options };
}

/**
 * Whether the session's mounts are still the ones it started with, and the layout's: the last
 * mount at each writable root read-write, at each read-only path read-only. A mount made on the
 * host after the start reaches the session (bwrap's mounts are slaves of the host's, and `/` is
 * shared on systemd machines) read-write: any new mount, like any lost one, retires the session.
 */
function mountsIntact(session: Session, layout: SandboxLayout): boolean {
  const table = mountTable(session.init);
  if (table === null || table.ids !== session.mountIds) return false;
  const { options } = table;
  const isMount = (path: string, mode: "rw" | "ro") => {
    const found = options.get(path);
    return found !== undefined && (found === mode || found.startsWith(`${mode},`));
  };
  return layout.writableRoots.every(
    (root) => isMount(root.root, "rw") && root.readOnly.every((path) => isMount(path, "ro")),
  );
}

/** Reads the session shell's output until READY; false when bwrap ends or the time is up first. */
async function awaitReady(monitor: Subprocess<"pipe", "pipe", "pipe">): Promise<boolean> {
  const reader = monitor.stdout.getReader();
  let timer: Timer | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), START_TIMEOUT_MS);
    timer.unref();
  });
  let text = "";
  try {
    while (!text.endsWith(READY)) {
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk === "timeout" || chunk.done) return false;
      text += new TextDecoder().decode(chunk.value);
    }
    return true;
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

function childOf(pid: number): number | null {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0];
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

/** setns(2) flags for the namespaces of `pid` that are not ours. */
function namespacesOf(pid: number): number {
  let flags = 0;
  for (const [name, flag] of NAMESPACES) {
    try {
      if (readlinkSync(`/proc/${pid}/ns/${name}`) !== readlinkSync(`/proc/self/ns/${name}`)) flags |= flag;
    } catch {
      // Unreadable: not entered (a missing user namespace fails the start).
    }
  }
  return flags;
}

/** Ends a session: its bwrap, and every process still in it. */
function stop(session: Session): void {
  libc().close(session.pidfd);
  session.monitor.kill("SIGKILL");
}

/** True once the session's init has exited (its pidfd turns readable). */
function ended(session: Session): boolean {
  const pollfd = new Int32Array([session.pidfd, POLLIN]);
  return libc().poll(ptr(pollfd), 1n, 0) !== 0;
}

function entryFor(session: Session): SessionEntry {
  session.running++;
  session.lastUsed = performance.now();
  let released = false;
  return {
    pidfd: session.pidfd,
    namespaces: session.namespaces,
    release: () => {
      if (released) return;
      released = true;
      session.running--;
      if (session.retired && session.running === 0) stop(session);
    },
  };
}

/** Takes a session out of use: stopped now, or when its last command ends. */
function retire(key: string, session: Session): void {
  sessions.delete(key);
  session.retired = true;
  if (session.running === 0) stop(session);
}

async function bwrapOutput(monitor: Subprocess<"pipe", "pipe", "pipe">): Promise<string> {
  monitor.kill("SIGKILL");
  await monitor.exited;
  const stderr = (await new Response(monitor.stderr).text()).trim();
  return stderr || `bwrap exited with ${monitor.exitCode ?? monitor.signalCode}`;
}

/** Starts bwrap for the layout and tries a command in it. Throws with the reason when it cannot. */
async function start(request: SessionRequest, args: string[]): Promise<Session> {
  const monitor = Bun.spawn([request.bwrap, ...args], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    env: {},
  });
  monitor.unref();
  if (!(await awaitReady(monitor))) throw new Error(`bwrap did not start: ${await bwrapOutput(monitor)}`);
  const init = childOf(monitor.pid);
  const pidfd = init === null ? -1 : rawSyscall(SYS_PIDFD_OPEN, init, 0);
  // Still bwrap's child once the pidfd is open: it is the sandbox's init, not a reused pid.
  if (pidfd < 0 || childOf(monitor.pid) !== init) {
    if (pidfd >= 0) libc().close(pidfd);
    monitor.kill("SIGKILL");
    throw new Error(`cannot hold bwrap's sandbox: ${pidfd < 0 ? errnoMessage(-pidfd) : "it ended"}`);
  }
  const namespaces = namespacesOf(init!);
  const network = request.layout.networkDisabled ? CLONE_NEWNET : 0;
  const session: Session = {
    monitor,
    init: init!,
    mountIds: mountTable(init!)?.ids ?? "",
    pidfd,
    namespaces,
    running: 0,
    lastUsed: 0,
    retired: false,
  };
  // Every namespace the layout needs must be the sandbox's own (never enter with the host's).
  if ((namespaces & (REQUIRED | network)) !== (REQUIRED | network)) {
    stop(session);
    throw new Error("bwrap's sandbox lacks namespaces of its own");
  }
  // Mounts not as the layout says (a protected path that is a symbolic link): this layout only.
  if (!mountsIntact(session, request.layout)) {
    stop(session);
    throw new Error("bwrap's mounts are not the layout's");
  }
  const trial = entryFor(session);
  let problem: string | null = "the trial did not finish";
  try {
    problem = await request.trial(trial);
  } finally {
    trial.release();
    if (problem !== null) stop(session);
  }
  if (problem !== null) throw new TrialFailed(`a trial in bwrap's sandbox failed: ${problem}`);
  return session;
}

/** Room for one more session: retires the least recently used idle one; false when all are busy. */
function makeRoom(): boolean {
  if (sessions.size + starting.size < MAX_SESSIONS) return true;
  const idle = [...sessions].filter(([, session]) => session.running === 0);
  idle.sort((a, b) => a[1].lastUsed - b[1].lastUsed);
  const oldest = idle[0];
  if (!oldest) return false;
  retire(...oldest);
  return true;
}

/**
 * The running session sandbox for this layout, or null: then the command gets a bwrap of its own,
 * and the session starts in the background if it can.
 */
export function enterBwrapSession(request: SessionRequest): SessionEntry | null {
  const now = performance.now();
  if (unavailable !== null && now < unavailable.until) return null;
  const args = sessionArgs(request);
  const key = sessionKey(request, args);
  const existing = sessions.get(key);
  if (existing && !ended(existing) && mountsIntact(existing, request.layout)) return entryFor(existing);
  if (existing) retire(key, existing);
  const failure = failed.get(key);
  if (failure && now >= failure.until) failed.delete(key);
  else if (failure) return null;
  if (starting.has(key) || !makeRoom()) return null;
  const started = start(request, args).then(
    (session) => {
      sessions.set(key, session);
    },
    (error: Error) => {
      const failure = { problem: error.message, until: performance.now() + RETRY_AFTER_MS };
      if (error instanceof TrialFailed) unavailable = failure;
      else failed.set(key, failure);
    },
  );
  starting.set(key, { started, since: now });
  started.finally(() => starting.delete(key));
  return null;
}

/** Resolves when no session is starting (warm-sandbox.ts waits for it, a little). */
export async function bwrapSessionsSettled(): Promise<void> {
  while (starting.size > 0) await Promise.all([...starting.values()].map((entry) => entry.started));
}

/** When the latest of the session starts under way began (`performance.now()`), or null. */
export function latestBwrapSessionStart(): number | null {
  let latest: number | null = null;
  for (const entry of starting.values()) latest = Math.max(latest ?? entry.since, entry.since);
  return latest;
}

/**
 * Starts the request's session unless one runs, and resolves whether one is up once it has settled
 * (false: `bwrapSessionProblem` says why). Starts it before its first await.
 */
export async function bwrapSessionUp(request: SessionRequest): Promise<boolean> {
  enterBwrapSession(request)?.release();
  await bwrapSessionsSettled();
  const entry = enterBwrapSession(request);
  entry?.release();
  return entry !== null;
}

/** Why commands get a bwrap each in this process although sessions were tried, or null. */
export function bwrapSessionProblem(): string | null {
  return unavailable?.problem ?? [...failed.values()].at(-1)?.problem ?? null;
}
