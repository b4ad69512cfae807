/**
 * Runs one program (execvp semantics: `program` is looked up in the child's PATH) in its own
 * process group, streaming output chunks, capturing a bounded head+tail, and enforcing a timeout.
 * On timeout or abort the whole group gets SIGTERM, then SIGKILL after a short grace, so nothing
 * the command started is left running. A sandbox that owns its process tree (bwrap, the Landlock
 * supervisor) gets SIGTERM only: it ends every process of the command itself, including those
 * that left the group, and a SIGKILL would stop it before it has.
 */
import { closeSync } from "node:fs";
import { readablePipe } from "@codex/sandbox";
import { garbageMade } from "../../memory/collect-soon.ts";
import { signalNumber } from "../../os-facts.ts";
import { type CapturedOutput, OutputCapture } from "./output-capture.ts";

export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
/** Exit code reported for a command stopped at its timeout (as `timeout(1)`). */
const TIMEOUT_EXIT_CODE = 124;
const KILL_GRACE_MS = 250;
/** After the command exits, how long to wait for descendants still holding its pipes. */
const DRAIN_MS = 1_000;
const CAPTURE_HEAD_BYTES = 64 * 1024;
const CAPTURE_TAIL_BYTES = 64 * 1024;
const YIELD_EVERY_BYTES = 1024 * 1024;

type Cancellable = { cancel(): Promise<void> };

type OutputStreamName = "stdout" | "stderr";

export type SpawnRequest = {
  program: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  /** Each chunk as it arrives, decoded as UTF-8 (split characters are held back). */
  onOutput?: (stream: OutputStreamName, text: string) => void;
  /** argv[0] seen by the program when it differs from `program`. */
  argv0?: string;
  /** Bytes the program reads on file descriptor 3 (bwrap's seccomp filter). */
  fd3Input?: Uint8Array;
  /** The program ends all of the command's processes when it gets SIGTERM: never SIGKILL it. */
  ownsProcessTree?: boolean;
  /** Open descriptors the program gets as fds 4, 5, … (the native Landlock supervisor's ruleset). */
  extraFds?: readonly number[];
  /** Called once the program has exited or could not be started (the sandbox's `release`). */
  release?: () => void;
};

export type SpawnOutcome = {
  exitCode: number;
  /** The signal that ended the process, if one did. */
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** stdout and stderr interleaved in arrival order. */
  output: CapturedOutput;
  /** Set when the program could not be started at all. */
  spawnError: string | null;
};

/**
 * Process groups still running, with the signal that ends them; signalled if this process exits
 * first, so none outlive it.
 */
const liveGroups = new Map<number, NodeJS.Signals>();
let exitHookInstalled = false;

function trackGroup(pid: number, finalSignal: NodeJS.Signals): void {
  liveGroups.set(pid, finalSignal);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const [pgid, signal] of liveGroups) killGroup(pgid, signal);
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone (ESRCH) or not ours: nothing to do.
  }
}

async function pump(
  stream: ReadableStream<Uint8Array>,
  name: OutputStreamName,
  capture: OutputCapture,
  onOutput: SpawnRequest["onOutput"],
  readers: Set<Cancellable>,
): Promise<void> {
  const reader = stream.getReader();
  readers.add(reader);
  const decoder = new TextDecoder();
  let sinceYield = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      capture.push(value);
      // Buffered reads resolve as microtasks; let timers and I/O run between megabytes.
      sinceYield += value.length;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      if (onOutput) {
        const text = decoder.decode(value, { stream: true });
        if (text) onOutput(name, text);
      }
    }
    const rest = decoder.decode();
    if (rest && onOutput) onOutput(name, rest);
  } catch {
    // Cancelled after the drain window, or the pipe broke: keep what we have.
  } finally {
    readers.delete(reader);
  }
}

export async function spawnCommand(request: SpawnRequest): Promise<SpawnOutcome> {
  const started = performance.now();
  const capture = new OutputCapture({ headBytes: CAPTURE_HEAD_BYTES, tailBytes: CAPTURE_TAIL_BYTES });
  const base = { signal: null, timedOut: false, aborted: request.signal.aborted };
  if (request.signal.aborted) {
    request.release?.();
    return { ...base, exitCode: 1, durationMs: 0, output: capture.snapshot(), spawnError: "aborted" };
  }

  let proc: ReturnType<typeof Bun.spawn<"ignore", "pipe", "pipe">>;
  let fd3: number | null = null;
  try {
    fd3 = request.fd3Input ? readablePipe(request.fd3Input) : null;
    const extra = request.extraFds ?? [];
    const stdio =
      fd3 === null && extra.length === 0
        ? (["ignore", "pipe", "pipe"] as const)
        : (["ignore", "pipe", "pipe", fd3 ?? "ignore", ...extra] as const);
    proc = Bun.spawn({
      cmd: [request.program, ...request.args],
      cwd: request.cwd,
      env: request.env,
      stdio: [...stdio],
      detached: true,
      ...(request.argv0 === undefined ? {} : { argv0: request.argv0 }),
    }) as ReturnType<typeof Bun.spawn<"ignore", "pipe", "pipe">>;
  } catch (error) {
    request.release?.();
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      exitCode: 127,
      durationMs: performance.now() - started,
      output: capture.snapshot(),
      spawnError: message,
    };
  } finally {
    if (fd3 !== null) closeSync(fd3);
  }

  const pid = proc.pid;
  const finalSignal: NodeJS.Signals = request.ownsProcessTree ? "SIGTERM" : "SIGKILL";
  trackGroup(pid, finalSignal);
  const readers = new Set<Cancellable>();
  const pumps = Promise.all([
    pump(proc.stdout, "stdout", capture, request.onOutput, readers),
    pump(proc.stderr, "stderr", capture, request.onOutput, readers),
  ]);

  let timedOut = false;
  let aborted = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const terminate = () => {
    killGroup(pid, "SIGTERM");
    if (!request.ownsProcessTree) killTimer ??= setTimeout(() => killGroup(pid, "SIGKILL"), KILL_GRACE_MS);
  };
  const timeout = setTimeout(() => {
    timedOut = true;
    terminate();
  }, request.timeoutMs);
  const onAbort = () => {
    aborted = true;
    terminate();
  };
  request.signal.addEventListener("abort", onAbort, { once: true });

  const exitCode = await proc.exited;
  clearTimeout(timeout);
  request.signal.removeEventListener("abort", onAbort);

  // Descendants may still hold the pipes open; give them a moment, then end the group.
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  const drained = await Promise.race([
    pumps.then(() => true),
    new Promise<boolean>((resolve) => {
      drainTimer = setTimeout(() => resolve(false), DRAIN_MS);
    }),
  ]);
  clearTimeout(drainTimer);
  if (!drained || timedOut || aborted) {
    killGroup(pid, "SIGKILL");
    if (!drained) {
      for (const reader of readers) reader.cancel().catch(() => {});
      await pumps;
    }
  }
  if (killTimer !== undefined) clearTimeout(killTimer);
  liveGroups.delete(pid);
  request.release?.();
  // Streamed output is garbage once captured and forwarded (counted once the command has ended).
  garbageMade(capture.totalBytes);

  const rawSignal = proc.signalCode ?? null;
  const signalName = rawSignal === null ? null : String(rawSignal);
  let code = exitCode ?? 1;
  if (rawSignal !== null) code = 128 + (typeof rawSignal === "number" ? rawSignal : signalNumber(rawSignal));
  if (timedOut) code = TIMEOUT_EXIT_CODE;
  return {
    exitCode: code,
    signal: signalName,
    timedOut,
    aborted,
    durationMs: performance.now() - started,
    output: capture.snapshot(),
    spawnError: null,
  };
}
