/**
 * The terminal the TUI draws on. Production uses the process's TTY; tests use a headless
 * emulator that implements the same interface.
 */

export interface Terminal {
  readonly columns: number;
  readonly rows: number;
  write(data: string): void;
  /** Starts delivering input chunks and resizes; puts a TTY in raw mode with bracketed paste. */
  start(handlers: { onInput: (chunk: string) => void; onResize: () => void }): void;
  /** Restores the terminal (cooked mode, no bracketed paste, cursor visible). */
  stop(): void;
  /** Ctrl-Z: gives the terminal back and stops the process; `onResume` runs after `fg`. */
  suspend?(onResume: () => void): void;
}

const ENABLE = "\x1b[?2004h";
const DISABLE = "\x1b[?2004l\x1b[?25h";

export class ProcessTerminal implements Terminal {
  private stdin: NodeJS.ReadStream;
  private stdout: NodeJS.WriteStream;
  private handlers: { onInput: (chunk: string) => void; onResize: () => void } | null = null;
  private readonly onData = (data: Buffer | string) => {
    this.handlers?.onInput(typeof data === "string" ? data : data.toString("utf8"));
  };
  private readonly onResize = () => this.handlers?.onResize();
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

  start(handlers: { onInput: (chunk: string) => void; onResize: () => void }): void {
    this.handlers = handlers;
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
    process.off("exit", this.onExit);
    this.write(DISABLE);
    this.stdin.off("data", this.onData);
    this.stdout.off("resize", this.onResize);
    if (this.stdin.isTTY) this.stdin.setRawMode(false);
    this.stdin.pause();
    this.handlers = null;
  }
}
