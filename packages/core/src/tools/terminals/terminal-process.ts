/**
 * One command that outlives a tool call: started on pipes (stdin closed) or on a real pseudo-terminal
 * (Bun's `terminal` spawn option: the child is a session leader whose controlling terminal is the
 * PTY, so line editing, job control and Ctrl-C work as in a terminal). The program is whatever the
 * sandbox adapter prepared (bwrap, a Landlock supervisor, or the command itself under
 * danger-full-access): the PTY only replaces the stdio, never the confinement.
 *
 * Output goes to two bounded head+tail buffers: what the model has not read yet, and everything
 * (for the `command_execution` item). The process group is signalled when codex exits or is stopped
 * by a signal, so nothing outlives it; the sandboxes end their own trees when their parent dies.
 */
import { closeSync } from "node:fs";
import { readablePipe } from "@codex/sandbox";
import { trackChild, untrackChild } from "../../mcp/child-reaper.ts";
import { garbageMade } from "../../memory/collect-soon.ts";
import { signalNumber } from "../../os-facts.ts";
import { type CapturedOutput, captureFromText, OutputCapture } from "../exec/output-capture.ts";

/** Unread output kept per process (0.169's 1 MiB); the middle of a larger burst is dropped. */
const PENDING_HALF_BYTES = 512 * 1024;
const AGGREGATE_HALF_BYTES = 64 * 1024;
/** After the process exits, how long descendants may keep its output open. */
const DRAIN_MS = 500;
const KILL_GRACE_MS = 250;
const TERMINAL_SIZE = { cols: 80, rows: 24 } as const;

export type TerminalSpawn = {
  program: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  tty: boolean;
  /** Bytes the program reads on fd 3 (bwrap's seccomp filter). */
  fd3Input?: Uint8Array;
  /** The program ends the command's whole tree on SIGTERM (a sandbox): never SIGKILL it first. */
  ownsProcessTree: boolean;
  /** Descriptors the program gets as fds 4, 5, … (the native Landlock supervisor's ruleset). */
  extraFds?: readonly number[];
  /** Called once the program has exited or could not be started (the sandbox's `release`). */
  release?: () => void;
};

export type TerminalExit = { exitCode: number };

/** Groups of live processes and the signal that ends each, signalled if codex exits first. */
const liveGroups = new Map<number, NodeJS.Signals>();
let exitHookInstalled = false;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function track(pid: number, finalSignal: NodeJS.Signals): void {
  liveGroups.set(pid, finalSignal);
  // SIGINT/SIGTERM/SIGHUP that nothing else handles end them too (as for MCP servers).
  trackChild(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const [pgid, signal] of liveGroups) signalGroup(pgid, signal);
  });
}

type Subprocess = ReturnType<typeof Bun.spawn>;
type PtyHandle = { write(data: string | Uint8Array): number; close(): void };

export class TerminalProcess {
  readonly startedAt = performance.now();
  /** Resolves once the process has exited and its output is read (or the drain window passed). */
  readonly done: Promise<TerminalExit>;
  exit: TerminalExit | null = null;
  /** Created when output arrives after the last read (its head buffer is allocated up front). */
  private pending: OutputCapture | null = null;
  private readonly aggregate = new OutputCapture({
    headBytes: AGGREGATE_HALF_BYTES,
    tailBytes: AGGREGATE_HALF_BYTES,
  });
  private readonly listeners = new Set<() => void>();
  private readonly proc: Subprocess;
  private readonly pty: PtyHandle | null;
  private outputClosed: Promise<void>;
  private killTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    spawn: TerminalSpawn,
    private readonly onChunk: (text: string) => void,
  ) {
    let fd3: number | null = null;
    let closeOutput: () => void = () => {};
    this.outputClosed = new Promise((resolve) => {
      closeOutput = resolve;
    });
    try {
      fd3 = spawn.fd3Input ? readablePipe(spawn.fd3Input) : null;
      const passed = spawn.extraFds ?? [];
      const extra: Array<number | "ignore"> =
        fd3 === null && passed.length === 0 ? [] : [fd3 ?? "ignore", ...passed];
      if (spawn.tty) {
        const terminal: Bun.TerminalOptions = {
          ...TERMINAL_SIZE,
          data: (_terminal, bytes) => this.push(bytes),
          exit: () => closeOutput(),
        };
        const proc = Bun.spawn([spawn.program, ...spawn.args], {
          cwd: spawn.cwd,
          env: spawn.env,
          // The terminal takes fds 0-2; bwrap's filter still arrives on fd 3.
          ...(extra.length > 0 ? { stdio: ["inherit", "inherit", "inherit", ...extra] as const } : {}),
          terminal,
        });
        this.proc = proc;
        this.pty = proc.terminal ?? null;
      } else {
        const proc = Bun.spawn({
          cmd: [spawn.program, ...spawn.args],
          cwd: spawn.cwd,
          env: spawn.env,
          stdio: ["ignore", "pipe", "pipe", ...extra],
          detached: true,
        });
        this.proc = proc;
        this.pty = null;
        void Promise.all([this.pump(proc.stdout), this.pump(proc.stderr)]).then(() => closeOutput());
      }
    } catch (error) {
      spawn.release?.();
      throw error;
    } finally {
      if (fd3 !== null) closeSync(fd3);
    }
    const finalSignal: NodeJS.Signals = spawn.ownsProcessTree ? "SIGTERM" : "SIGKILL";
    track(this.proc.pid, finalSignal);
    this.done = this.settle(finalSignal);
    this.done.finally(() => spawn.release?.());
  }

  /** Starts the process; throws when it cannot be started (the message says why). */
  static start(spawn: TerminalSpawn, onChunk: (text: string) => void): TerminalProcess {
    return new TerminalProcess(spawn, onChunk);
  }

  get pid(): number {
    return this.proc.pid;
  }

  get hasOpenStdin(): boolean {
    return this.pty !== null && this.exit === null;
  }

  private decoder = new TextDecoder();

  private push(bytes: Uint8Array): void {
    this.pending ??= new OutputCapture({ headBytes: PENDING_HALF_BYTES, tailBytes: PENDING_HALF_BYTES });
    this.pending.push(bytes);
    this.aggregate.push(bytes);
    const text = this.decoder.decode(bytes, { stream: true });
    if (text) this.onChunk(text);
    this.notify();
  }

  private async pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of stream) this.push(chunk);
    } catch {
      // The pipe broke or was cancelled: keep what arrived.
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async settle(finalSignal: NodeJS.Signals): Promise<TerminalExit> {
    const code = await this.proc.exited;
    let drainTimer: ReturnType<typeof setTimeout> | undefined;
    const drained = await Promise.race([
      this.outputClosed.then(() => true),
      new Promise<boolean>((resolve) => {
        drainTimer = setTimeout(() => resolve(false), DRAIN_MS);
      }),
    ]);
    clearTimeout(drainTimer);
    // Descendants still holding the output are ended with the group.
    if (!drained) signalGroup(this.proc.pid, finalSignal);
    if (this.killTimer !== undefined) clearTimeout(this.killTimer);
    liveGroups.delete(this.proc.pid);
    untrackChild(this.proc.pid);
    this.pty?.close();
    // Its output is garbage once captured and delivered, as a shell command's (memory/collect-soon.ts).
    garbageMade(this.aggregate.totalBytes);
    const raw = this.proc.signalCode;
    const exitCode =
      raw === null || raw === undefined
        ? (code ?? 1)
        : 128 + (typeof raw === "number" ? raw : signalNumber(String(raw)));
    this.exit = { exitCode };
    this.notify();
    return this.exit;
  }

  /** Waits until output arrives, the process is done, or `ms` pass; whichever comes first. */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.listeners.add(finish);
    });
  }

  /** Output not yet handed to the model, and forgets it. */
  takePending(): CapturedOutput {
    const snapshot = this.pending?.snapshot() ?? captureFromText("");
    this.pending = null;
    return snapshot;
  }

  /** Everything the process wrote (bounded), for the `command_execution` item. */
  aggregated(): CapturedOutput {
    return this.aggregate.snapshot();
  }

  /** Writes to the terminal; false when there is no terminal to write to. */
  write(text: string): boolean {
    if (!this.hasOpenStdin || !this.pty) return false;
    this.pty.write(text);
    return true;
  }

  /** Ends the process and everything it started (SIGTERM, then SIGKILL unless a sandbox owns it). */
  kill(options: { ownsProcessTree: boolean }): void {
    if (this.exit !== null) return;
    signalGroup(this.proc.pid, "SIGTERM");
    if (!options.ownsProcessTree)
      this.killTimer ??= setTimeout(() => signalGroup(this.proc.pid, "SIGKILL"), KILL_GRACE_MS);
  }
}

/**
 * Waits until the process is done or `ms` pass (an abort ends the wait too), then returns the
 * output not read yet and the exit, if there was one.
 */
export async function collectOutput(
  process: TerminalProcess,
  ms: number,
  signal: AbortSignal,
): Promise<{ output: CapturedOutput; exit: TerminalExit | null }> {
  const deadline = performance.now() + ms;
  const aborted = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  for (;;) {
    const left = deadline - performance.now();
    if (process.exit !== null || left <= 0 || signal.aborted) break;
    await Promise.race([process.waitForChange(left), aborted]);
  }
  return { output: process.takePending(), exit: process.exit };
}
