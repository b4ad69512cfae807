/**
 * Inline differential renderer. The screen holds the terminal's own scrollback above and a
 * "live region" at the bottom (streaming cell, popups, composer, status line). Finished
 * transcript lines are committed once: written above the live region so they scroll into the
 * terminal's scrollback and are never touched again. The live region is redrawn line by line,
 * only where it changed, inside a synchronized-output block.
 */
import type { Terminal } from "./terminal.ts";
import { truncateToWidth, visibleWidth } from "./text-width.ts";

export type Frame = {
  lines: string[];
  /** Where the hardware cursor goes (the composer caret), or null to hide it. */
  cursor: { row: number; col: number } | null;
};

export type FrameStats = { frames: number; bytes: number; lastFrameBytes: number; maxFrameBytes: number };

const SYNC_START = "\x1b[?2026h";
const SYNC_END = "\x1b[?2026l";

export class LiveRenderer {
  private prev: string[] = [];
  private cursorRow = 0;
  private cursorVisible = true;
  private pending: string[] = [];
  private fullRedraw = true;
  private lastCursor: Frame["cursor"] = null;
  private width: number;
  readonly stats: FrameStats = { frames: 0, bytes: 0, lastFrameBytes: 0, maxFrameBytes: 0 };

  constructor(private readonly term: Terminal) {
    this.width = term.columns;
  }

  /** Queues finished lines for the scrollback; they are written by the next render. */
  commit(lines: readonly string[]): void {
    for (const line of lines) this.pending.push(line);
  }

  hasPendingCommit(): boolean {
    return this.pending.length > 0;
  }

  /** After a resize: the old live region is located again, cleared and drawn from scratch. */
  handleResize(): void {
    const cols = this.term.columns;
    if (cols !== this.width) {
      // The terminal re-flowed the old lines at the new width: count the rows they now take.
      let rowsAbove = 0;
      for (let i = 0; i < this.cursorRow && i < this.prev.length; i++) {
        rowsAbove += Math.max(1, Math.ceil(visibleWidth(this.prev[i] ?? "") / cols));
      }
      // The cursor's own line may have wrapped too.
      const col = this.lastCursor ? this.lastCursor.col : visibleWidth(this.prev[this.cursorRow] ?? "");
      rowsAbove += Math.floor(Math.max(0, col - 1) / cols);
      this.cursorRow = Math.min(rowsAbove, this.term.rows - 1);
      this.width = cols;
    }
    this.fullRedraw = true;
  }

  /** Forgets the live region (for example after returning from the alternate screen). */
  invalidate(): void {
    this.fullRedraw = true;
  }

  render(frame: Frame): void {
    const cols = this.term.columns;
    const maxRows = Math.max(1, this.term.rows);
    let lines = frame.lines.length === 0 ? [""] : frame.lines.map((l) => fit(l, cols));
    let cursor = frame.cursor;
    if (lines.length > maxRows) {
      const drop = lines.length - maxRows;
      lines = lines.slice(drop);
      cursor = cursor && cursor.row >= drop ? { row: cursor.row - drop, col: cursor.col } : null;
    }
    let out = "";
    if (this.pending.length > 0 || this.fullRedraw) {
      out += this.moveTo(0) + "\r\x1b[J";
      for (const line of this.pending) out += fit(line, cols) + "\x1b[0m\r\n";
      out += lines.join("\r\n");
      this.cursorRow = lines.length - 1;
      this.pending = [];
      this.fullRedraw = false;
    } else {
      out += this.diff(lines);
    }
    if (out.length > 0 || !sameCursor(cursor, this.lastCursor)) out += this.placeCursor(cursor);
    this.lastCursor = cursor;
    this.prev = lines;
    if (out.length === 0) return;
    const data = SYNC_START + out + SYNC_END;
    this.term.write(data);
    const bytes = Buffer.byteLength(data);
    this.stats.frames++;
    this.stats.bytes += bytes;
    this.stats.lastFrameBytes = bytes;
    this.stats.maxFrameBytes = Math.max(this.stats.maxFrameBytes, bytes);
  }

  /** Clears the live region and leaves the cursor at its top (used on exit). */
  clear(): void {
    this.term.write(`${this.moveTo(0)}\r\x1b[J\x1b[?25h`);
    this.prev = [];
    this.cursorRow = 0;
    this.cursorVisible = true;
  }

  private diff(lines: string[]): string {
    let out = "";
    const prev = this.prev;
    const common = Math.min(lines.length, prev.length);
    for (let i = 0; i < common; i++) {
      if (lines[i] !== prev[i]) out += `${this.moveTo(i)}\r\x1b[2K${lines[i]}`;
    }
    if (lines.length > prev.length) {
      out += this.moveTo(prev.length - 1);
      for (let i = prev.length; i < lines.length; i++) out += `\r\n\x1b[2K${lines[i]}`;
      this.cursorRow = lines.length - 1;
    } else if (lines.length < prev.length) {
      out += `${this.moveTo(lines.length)}\r\x1b[J`;
    }
    return out;
  }

  private moveTo(row: number): string {
    const delta = row - this.cursorRow;
    this.cursorRow = row;
    if (delta < 0) return `\x1b[${-delta}A`;
    if (delta > 0) return `\x1b[${delta}B`;
    return "";
  }

  private placeCursor(cursor: Frame["cursor"]): string {
    if (!cursor) {
      if (!this.cursorVisible) return "";
      this.cursorVisible = false;
      return "\x1b[?25l";
    }
    let out = this.moveTo(cursor.row) + "\r";
    if (cursor.col > 0) out += `\x1b[${cursor.col}C`;
    if (!this.cursorVisible) out += "\x1b[?25h";
    this.cursorVisible = true;
    return out;
  }
}

function sameCursor(a: Frame["cursor"], b: Frame["cursor"]): boolean {
  if (a === null || b === null) return a === b;
  return a.row === b.row && a.col === b.col;
}

function fit(raw: string, cols: number): string {
  const line = raw.includes("\t") ? raw.replace(/\t/g, "    ") : raw;
  return visibleWidth(line) > cols ? truncateToWidth(line, cols) : line;
}
