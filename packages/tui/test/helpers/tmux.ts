/** Runs a command in a detached tmux session and reads its screen, like a person at a terminal. */
import { execFileSync, spawnSync } from "node:child_process";

export function tmuxAvailable(): boolean {
  return spawnSync("tmux", ["-V"]).status === 0;
}

export class TmuxPane {
  private constructor(readonly name: string) {}

  static start(options: { command: string; columns?: number; rows?: number; cwd?: string }): TmuxPane {
    const name = `codex-tui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    execFileSync("tmux", [
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
      if (spawnSync("tmux", ["set-option", "-t", name, "remain-on-exit", "on"]).status === 0) break;
    }
    return new TmuxPane(name);
  }

  capture(options: { history?: boolean } = {}): string {
    const args = ["capture-pane", "-p", "-t", this.name];
    if (options.history) args.push("-S", "-");
    return execFileSync("tmux", args, { encoding: "utf8" });
  }

  /** Sends keys as tmux key names ("Enter", "Escape", "C-c") or literal text with `literal`. */
  send(keys: string, options: { literal?: boolean } = {}): void {
    execFileSync("tmux", ["send-keys", "-t", this.name, ...(options.literal ? ["-l"] : []), keys]);
  }

  pid(): number {
    return Number(
      execFileSync("tmux", ["display", "-p", "-t", this.name, "#{pane_pid}"], { encoding: "utf8" }).trim(),
    );
  }

  dead(): boolean {
    return (
      execFileSync("tmux", ["display", "-p", "-t", this.name, "#{pane_dead}"], {
        encoding: "utf8",
      }).trim() === "1"
    );
  }

  async waitFor(
    predicate: string | ((screen: string) => boolean),
    options: { timeoutMs?: number; history?: boolean } = {},
  ): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 10000);
    const test = typeof predicate === "string" ? (s: string) => s.includes(predicate) : predicate;
    let screen = "";
    while (Date.now() < deadline) {
      screen = this.capture({ history: options.history });
      if (test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${String(predicate)}; screen:\n${screen}`);
  }

  kill(): void {
    spawnSync("tmux", ["kill-session", "-t", this.name]);
  }
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = execFileSync("cat", [`/proc/${pid}/stat`], { encoding: "utf8" });
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}
