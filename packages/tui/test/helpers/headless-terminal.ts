/** A Terminal backed by @xterm/headless: what a real terminal would show, scrollback included. */
import xterm from "@xterm/headless";
import type { Terminal } from "../../src/index.ts";

export class HeadlessTerminal implements Terminal {
  readonly xterm: xterm.Terminal;
  written = "";
  private pending: Promise<void> = Promise.resolve();
  private handlers: { onInput: (chunk: string) => void; onResize: () => void } | null = null;

  constructor(options: { columns: number; rows: number; scrollback?: number }) {
    this.xterm = new xterm.Terminal({
      cols: options.columns,
      rows: options.rows,
      scrollback: options.scrollback ?? 5000,
      allowProposedApi: true,
    });
  }

  get columns(): number {
    return this.xterm.cols;
  }

  get rows(): number {
    return this.xterm.rows;
  }

  write(data: string): void {
    this.written += data;
    this.pending = this.pending.then(() => new Promise<void>((resolve) => this.xterm.write(data, resolve)));
  }

  start(handlers: { onInput: (chunk: string) => void; onResize: () => void }): void {
    this.handlers = handlers;
  }

  stop(): void {
    this.handlers = null;
  }

  /** Sends input as if typed (or pasted) into the terminal. */
  type(data: string): void {
    this.handlers?.onInput(data);
  }

  resize(columns: number, rows: number): void {
    this.xterm.resize(columns, rows);
    this.handlers?.onResize();
  }

  /** Waits until the UI drew and the emulator processed everything written. */
  async settle(ms = 40): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    await this.pending;
  }

  /** The visible screen as text lines (trailing spaces trimmed). */
  screen(): string[] {
    const buf = this.xterm.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.xterm.rows; i++)
      out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? "");
    return out;
  }

  /** Scrollback plus screen, trailing blank lines dropped. */
  all(): string[] {
    const buf = this.xterm.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buf.length; i++) out.push(buf.getLine(i)?.translateToString(true) ?? "");
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out;
  }

  screenText(): string {
    const lines = this.screen();
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n");
  }

  /** Position of the hardware cursor. */
  cursor(): { x: number; y: number } {
    const buf = this.xterm.buffer.active;
    return { x: buf.cursorX, y: buf.cursorY };
  }
}
