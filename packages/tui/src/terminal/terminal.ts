/**
 * The terminal the TUI draws on. Production uses the process's TTY; tests use a headless
 * emulator that implements the same interface.
 */

export interface Terminal {
  readonly columns: number;
  readonly rows: number;
  write(data: string): void;
  /**
   * Starts delivering input chunks and resizes; puts a TTY in raw mode with bracketed paste.
   * `onHangup` runs once when the terminal goes away (closed tmux pane, dropped ssh).
   */
  start(handlers: TerminalHandlers): void;
  /** Restores the terminal (cooked mode, no bracketed paste, cursor visible). */
  stop(): void;
  /** Ctrl-Z: gives the terminal back and stops the process; `onResume` runs after `fg`. */
  suspend?(onResume: () => void): void;
}

export type TerminalHandlers = {
  onInput: (chunk: string) => void;
  onResize: () => void;
  onHangup?: () => void;
};

const ignoreError = (): void => {};

const ENABLE = "\x1b[?2004h";
const DISABLE = "\x1b[?2004l\x1b[?25h";

export class ProcessTerminal implements Terminal {
  private stdin: NodeJS.ReadStream;
  private stdout: NodeJS.WriteStream;
  private handlers: TerminalHandlers | null = null;
  private readonly onData = (data: Buffer | string) => {
    this.handlers?.onInput(typeof data === "string" ? data : data.toString("utf8"));
  };
  private readonly onResize = () => this.handlers?.onResize();
  /** End of input or an I/O error on the TTY: the terminal is gone, so nothing can be drawn or typed. */
  private readonly onHangup = () => {
    const handlers = this.handlers;
    if (!handlers) return;
    this.stdin.off("end", this.onHangup);
    this.stdin.off("error", this.onHangup);
    this.stdout.off("error", this.onHangup);
    handlers.onHangup?.();
  };
  /** If the process ends while the UI is up (a crash), the terminal is still given back. */
  private readonly onExit = () => this.stop();

  constructor(streams: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream }) {
    this.stdin = streams.stdin;
    this.stdout = streams.stdout;
  }

  get columns(): number {
    return this.stdout.columns || 80;
  }

  get rows(): number {
    return this.stdout.rows || 24;
  }

  write(data: string): void {
    this.stdout.write(data);
  }

  start(handlers: TerminalHandlers): void {
    this.handlers = handlers;
    this.stdin.off("error", ignoreError);
    this.stdout.off("error", ignoreError);
    this.stdin.on("end", this.onHangup);
    this.stdin.on("error", this.onHangup);
    this.stdout.on("error", this.onHangup);
    if (this.stdin.isTTY) this.stdin.setRawMode(true);
    this.stdin.setEncoding("utf8");
    this.stdin.on("data", this.onData);
    this.stdin.resume();
    this.stdout.on("resize", this.onResize);
    process.on("exit", this.onExit);
    this.write(ENABLE);
  }

  suspend(onResume: () => void): void {
    const handlers = this.handlers;
    if (!handlers || process.platform === "win32") return;
    this.stop();
    process.once("SIGCONT", () => {
      this.start(handlers);
      onResume();
    });
    process.kill(process.pid, "SIGTSTP");
  }

  stop(): void {
    if (!this.handlers) return;
    this.handlers = null;
    process.off("exit", this.onExit);
    this.stdin.off("data", this.onData);
    this.stdin.off("end", this.onHangup);
    this.stdin.off("error", this.onHangup);
    this.stdout.off("error", this.onHangup);
    this.stdout.off("resize", this.onResize);
    // The TTY may already be gone (closed pane, dropped ssh): restoring it must not throw, and the
    // stream errors it causes (EIO) must not become uncaught exceptions.
    this.stdin.on("error", ignoreError);
    this.stdout.on("error", ignoreError);
    try {
      this.write(DISABLE);
      if (this.stdin.isTTY) this.stdin.setRawMode(false);
    } catch {
      // Nothing left to restore.
    }
    this.stdin.pause();
  }
}
