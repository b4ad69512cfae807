/**
 * The composer: a multi-line text buffer with a caret, editing keys and large-paste placeholders,
 * and its rendering (wrapped, with the caret position for the hardware cursor).
 */

import { graphemes, graphemeWidth } from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";

const LARGE_PASTE_CHARS = 1000;
const MAX_VISIBLE_ROWS = 10;

export type ComposerView = { lines: string[]; cursor: { row: number; col: number } };

export class Composer {
  text = "";
  cursor = 0;
  private pastes: Array<{ placeholder: string; text: string }> = [];

  setText(text: string): void {
    this.text = text;
    this.cursor = text.length;
    this.pastes = [];
  }

  clear(): void {
    this.setText("");
  }

  isEmpty(): boolean {
    return this.text.length === 0;
  }

  /** The text to submit, with paste placeholders replaced by what was pasted. */
  expandedText(): string {
    let out = this.text;
    for (const p of this.pastes) out = out.replace(p.placeholder, () => p.text);
    return out;
  }

  insert(text: string): void {
    this.text = this.text.slice(0, this.cursor) + text + this.text.slice(this.cursor);
    this.cursor += text.length;
  }

  paste(text: string): void {
    const normalized = text.replace(/\r\n?/g, "\n");
    if (normalized.length <= LARGE_PASTE_CHARS) {
      this.insert(normalized);
      return;
    }
    let placeholder = `[Pasted Content ${normalized.length} chars]`;
    let n = 2;
    while (this.pastes.some((p) => p.placeholder === placeholder)) {
      placeholder = `[Pasted Content ${normalized.length} chars #${n++}]`;
    }
    this.pastes.push({ placeholder, text: normalized });
    this.insert(placeholder);
  }

  backspace(): void {
    if (this.cursor === 0) return;
    const placeholder = this.placeholderEndingAt(this.cursor);
    const start = placeholder ? this.cursor - placeholder.length : this.prevBoundary(this.cursor);
    this.text = this.text.slice(0, start) + this.text.slice(this.cursor);
    this.cursor = start;
  }

  deleteForward(): void {
    if (this.cursor >= this.text.length) return;
    const end = this.nextBoundary(this.cursor);
    this.text = this.text.slice(0, this.cursor) + this.text.slice(end);
  }

  left(): void {
    this.cursor = this.prevBoundary(this.cursor);
  }

  right(): void {
    this.cursor = this.nextBoundary(this.cursor);
  }

  lineStart(): void {
    this.cursor = this.text.lastIndexOf("\n", this.cursor - 1) + 1;
  }

  lineEnd(): void {
    const nl = this.text.indexOf("\n", this.cursor);
    this.cursor = nl < 0 ? this.text.length : nl;
  }

  wordLeft(): void {
    let i = this.cursor;
    while (i > 0 && /\s/.test(this.text[i - 1] ?? "")) i--;
    while (i > 0 && !/\s/.test(this.text[i - 1] ?? "")) i--;
    this.cursor = i;
  }

  wordRight(): void {
    let i = this.cursor;
    while (i < this.text.length && /\s/.test(this.text[i] ?? "")) i++;
    while (i < this.text.length && !/\s/.test(this.text[i] ?? "")) i++;
    this.cursor = i;
  }

  deleteWordBack(): void {
    const end = this.cursor;
    this.wordLeft();
    this.text = this.text.slice(0, this.cursor) + this.text.slice(end);
  }

  killToLineStart(): void {
    const end = this.cursor;
    this.lineStart();
    this.text = this.text.slice(0, this.cursor) + this.text.slice(end);
  }

  killToLineEnd(): void {
    const nl = this.text.indexOf("\n", this.cursor);
    const end = nl === this.cursor ? nl + 1 : nl < 0 ? this.text.length : nl;
    this.text = this.text.slice(0, this.cursor) + this.text.slice(end);
  }

  /** Moves the caret one logical line up; false when already on the first line. */
  up(): boolean {
    const start = this.text.lastIndexOf("\n", this.cursor - 1) + 1;
    if (start === 0) return false;
    const col = this.cursor - start;
    const prevStart = this.text.lastIndexOf("\n", start - 2) + 1;
    this.cursor = Math.min(prevStart + col, start - 1);
    return true;
  }

  /** Moves the caret one logical line down; false when already on the last line. */
  down(): boolean {
    const nl = this.text.indexOf("\n", this.cursor);
    if (nl < 0) return false;
    const start = this.text.lastIndexOf("\n", this.cursor - 1) + 1;
    const col = this.cursor - start;
    const nextEnd = this.text.indexOf("\n", nl + 1);
    this.cursor = Math.min(nl + 1 + col, nextEnd < 0 ? this.text.length : nextEnd);
    return true;
  }

  /** The token at the caret when it starts with `prefix` (for @ and / popups). */
  tokenAtCursor(prefix: string): { token: string; start: number; end: number } | null {
    let start = this.cursor;
    while (start > 0 && !/\s/.test(this.text[start - 1] ?? "")) start--;
    let end = this.cursor;
    while (end < this.text.length && !/\s/.test(this.text[end] ?? "")) end++;
    const token = this.text.slice(start, end);
    return token.startsWith(prefix) ? { token, start, end } : null;
  }

  replaceRange(start: number, end: number, text: string): void {
    this.text = this.text.slice(0, start) + text + this.text.slice(end);
    this.cursor = start + text.length;
  }

  render(options: { width: number; theme: Theme; placeholder: string }): ComposerView {
    const { width, theme } = options;
    const prompt = theme.bold(theme.cyan("›"));
    if (this.text.length === 0) {
      return { lines: [`${prompt} ${theme.gray(options.placeholder)}`], cursor: { row: 0, col: 2 } };
    }
    const rows = layoutRows(this.text, Math.max(4, width - 3));
    let cursor = { row: rows.length - 1, col: 2 };
    search: for (const [r, row] of rows.entries()) {
      let col = 2;
      for (const cell of row.cells) {
        if (cell.offset === this.cursor) {
          cursor = { row: r, col };
          break search;
        }
        col += cell.width;
      }
      if (row.lineEnd === this.cursor) {
        cursor = { row: r, col };
        break;
      }
    }
    let first = 0;
    if (rows.length > MAX_VISIBLE_ROWS) {
      first = Math.min(Math.max(0, cursor.row - MAX_VISIBLE_ROWS + 1), rows.length - MAX_VISIBLE_ROWS);
    }
    const visible = rows.slice(first, first + MAX_VISIBLE_ROWS);
    const lines = visible.map(
      (r, i) =>
        (i + first === 0 ? `${prompt} ` : "  ") +
        r.cells.map((c) => (c.text === "\t" ? "    " : c.text)).join(""),
    );
    return { lines, cursor: { row: cursor.row - first, col: cursor.col } };
  }

  private placeholderEndingAt(pos: number): string | null {
    for (const p of this.pastes) {
      if (this.text.slice(pos - p.placeholder.length, pos) === p.placeholder) return p.placeholder;
    }
    return null;
  }

  private prevBoundary(pos: number): number {
    if (pos <= 0) return 0;
    const code = this.text.charCodeAt(pos - 1);
    if (code < 0x80 && code !== 0x0d) return pos - 1;
    const start = this.text.lastIndexOf("\n", pos - 1) + 1;
    let last = start;
    for (const g of graphemes(this.text.slice(start, pos))) {
      if (last + g.length >= pos) break;
      last += g.length;
    }
    return last;
  }

  private nextBoundary(pos: number): number {
    if (pos >= this.text.length) return this.text.length;
    const code = this.text.charCodeAt(pos);
    if (code < 0x80) return pos + 1;
    const first = graphemes(this.text.slice(pos, pos + 32))[0] ?? "";
    return pos + Math.max(1, first.length);
  }
}

type LayoutCell = { text: string; width: number; offset: number };
type LayoutRow = { cells: LayoutCell[]; lineEnd: number | null };

/** Wraps the text into rows of at most `inner` columns, at spaces when possible. */
function layoutRows(text: string, inner: number): LayoutRow[] {
  const rows: LayoutRow[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    let row: LayoutCell[] = [];
    let rowWidth = 0;
    let at = offset;
    for (const g of graphemes(line)) {
      const w = graphemeWidth(g);
      if (rowWidth + w > inner && row.length > 0 && g === " ") {
        // A space at the wrap point hangs at the end of the row (there is one spare column)
        // rather than start the next row with a blank.
        row.push({ text: g, width: w, offset: at });
        rows.push({ cells: row, lineEnd: null });
        row = [];
        rowWidth = 0;
        at += g.length;
        continue;
      }
      if (rowWidth + w > inner && row.length > 0) {
        let space = -1;
        for (let k = row.length - 1; k >= 0; k--) {
          if (row[k]?.text === " ") {
            space = k;
            break;
          }
        }
        const carry = space >= 0 ? row.splice(space + 1) : [];
        rows.push({ cells: row, lineEnd: null });
        row = carry;
        rowWidth = carry.reduce((sum, c) => sum + c.width, 0);
      }
      row.push({ text: g, width: w, offset: at });
      rowWidth += w;
      at += g.length;
    }
    rows.push({ cells: row, lineEnd: at });
    offset += line.length + 1;
  }
  return rows;
}
