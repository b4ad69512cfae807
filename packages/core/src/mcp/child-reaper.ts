/**
 * Makes sure stdio MCP servers never outlive this process. Each server runs in its own process
 * group (so a terminal's Ctrl-C reaches us, not them, and we decide when they stop); every live
 * group is recorded here and sent SIGTERM when the process exits by any route:
 * - normal exit and `process.exit()`: the `exit` handler;
 * - SIGINT / SIGTERM / SIGHUP: when nobody else handles the signal, we stop the servers and
 *   re-raise it so the process ends as it would have; when the application handles it (e.g. Ctrl-C
 *   interrupts a turn), we leave the decision to it and the `exit` handler runs later;
 * - SIGKILL of this process: the servers see their stdin close and, being MCP servers, exit.
 */

const live = new Set<number>();
let installed = false;

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Sends `signal` to every recorded server process group now. */
function killAllChildren(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const pid of live) killGroup(pid, signal);
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  const others = process.listeners(signal).filter((l) => l !== signalHandlers[signal]);
  if (others.length > 0) return;
  killAllChildren("SIGTERM");
  uninstall();
  process.kill(process.pid, signal);
}

const signalHandlers: Record<string, () => void> = {};

function onExit(): void {
  killAllChildren("SIGTERM");
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", onExit);
  for (const signal of SIGNALS) {
    const handler = () => onSignal(signal);
    signalHandlers[signal] = handler;
    process.on(signal, handler);
  }
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off("exit", onExit);
  for (const signal of SIGNALS) {
    const handler = signalHandlers[signal];
    if (handler) process.off(signal, handler);
  }
}

/** Records a server's process group (its leader's pid). */
export function trackChild(pid: number): void {
  live.add(pid);
  install();
}

/** Forgets a server that has exited or been stopped. */
export function untrackChild(pid: number): void {
  live.delete(pid);
  if (live.size === 0) uninstall();
}

/** Sends a signal to one server's process group. */
export function signalChild(pid: number, signal: NodeJS.Signals): void {
  killGroup(pid, signal);
}
