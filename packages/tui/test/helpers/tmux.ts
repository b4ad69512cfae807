/** Runs a command in a detached tmux session and reads its screen, like a person at a terminal. */
import { execFileSync, spawnSync } from "node:child_process";

export function tmuxAvailable(): boolean {
  return spawnSync("tmux", ["-V"]).status === 0;
}

/**
 * Each test process has a tmux server of its own (its own socket), kept alive by a session that
 * waits for the process to exit and then ends the server. On the default server, shared with every
 * other tmux user of the machine, a session closing elsewhere can make the server exit while we
 * connect to it. (`bun test` fires no "exit" listeners, so a hook alone left a server behind after
 * every run.)
 */
const SOCKET = `codex-tests-${process.pid}`;
let serverStarted = false;

function ensureServer(): void {
  if (serverStarted) return;
  serverStarted = true;
  const keeper = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; tmux -L ${SOCKET} kill-server`;
  execFileSync("tmux", ["-L", SOCKET, "new-session", "-d", "-s", "keeper", keeper]);
  process.on("exit", () => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  });
}

function tmux(args: string[]): string {
  ensureServer();
  return execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
}

function tmuxStatus(args: string[]): number | null {
  ensureServer();
  return spawnSync("tmux", ["-L", SOCKET, ...args]).status;
}

export class TmuxPane {
  private constructor(readonly name: string) {}

  static start(options: { command: string; columns?: number; rows?: number; cwd?: string }): TmuxPane {
    const name = `codex-tui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    tmux([
      "new-session",
      "-d",
      "-s",
      name,
      "-x",
      String(options.columns ?? 100),
      "-y",
      String(options.rows ?? 30),
      ...(options.cwd ? ["-c", options.cwd] : []),
      options.command,
    ]);
    // Keep the pane after codex exits so its last screen (the exit summary) can be read.
    for (let attempt = 0; attempt < 5; attempt++) {
      if (tmuxStatus(["set-option", "-t", name, "remain-on-exit", "on"]) === 0) break;
    }
    return new TmuxPane(name);
  }

  capture(options: { history?: boolean } = {}): string {
    const args = ["capture-pane", "-p", "-t", this.name];
    if (options.history) args.push("-S", "-");
    return tmux(args);
  }

  /** Sends keys as tmux key names ("Enter", "Escape", "C-c") or literal text with `literal`. */
  send(keys: string, options: { literal?: boolean } = {}): void {
    tmux(["send-keys", "-t", this.name, ...(options.literal ? ["-l"] : []), keys]);
  }

  pid(): number {
    return Number(tmux(["display", "-p", "-t", this.name, "#{pane_pid}"]).trim());
  }

  dead(): boolean {
    return tmux(["display", "-p", "-t", this.name, "#{pane_dead}"]).trim() === "1";
  }

  async waitFor(
    predicate: string | ((screen: string) => boolean),
    options: { timeoutMs?: number; history?: boolean } = {},
  ): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    const test = typeof predicate === "string" ? (s: string) => s.includes(predicate) : predicate;
    let screen = "";
    while (Date.now() < deadline) {
      screen = this.capture({ history: options.history });
      // A predicate that ignores the screen (`() => pane.dead()`) can turn true after the capture:
      // read the screen again so that the caller sees what was there when it held.
      if (test(screen))
        return typeof predicate === "function" && predicate.length === 0
          ? this.capture({ history: options.history })
          : screen;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${String(predicate)}; screen:\n${screen}`);
  }

  kill(): void {
    tmuxStatus(["kill-session", "-t", this.name]);
  }
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = execFileSync("cat", [`/proc/${pid}/stat`], { encoding: "utf8" });
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}
