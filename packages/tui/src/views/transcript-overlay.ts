/**
 * The Ctrl-T transcript view: the whole conversation, expanded (full command output and diffs),
 * on the alternate screen, scrolled with the arrow keys. Leaving it restores the normal screen
 * with its scrollback untouched.
 */
import type { KeyEvent } from "../terminal/keys.ts";
import { truncateToWidth } from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";

export const ENTER_ALT_SCREEN = "\x1b[?1049h\x1b[H\x1b[2J";
export const LEAVE_ALT_SCREEN = "\x1b[?1049l";

export class TranscriptOverlay {
  private top = Number.MAX_SAFE_INTEGER;
  /** The bottom-most scroll position at the last render: being there means "follow new lines". */
  private lastMax = 0;

  constructor(private lines: string[]) {}

  setLines(lines: string[]): void {
    const atEnd = this.top >= this.lastMax;
    this.lines = lines;
    if (atEnd) this.top = Number.MAX_SAFE_INTEGER;
  }

  /** Returns "close" when the overlay should go away. */
  handleKey(key: KeyEvent, rows: number): "close" | "scroll" | "ignore" {
    const page = Math.max(1, rows - 2);
    const max = Math.max(0, this.lines.length - page);
    this.top = Math.min(this.top, max);
    if (
      key.name === "escape" ||
      (key.name === "char" && (key.text === "q" || (key.ctrl && (key.text === "t" || key.text === "c"))))
    )
      return "close";
    if (key.name === "up" || (key.name === "char" && key.text === "k")) this.top = Math.max(0, this.top - 1);
    else if (key.name === "down" || (key.name === "char" && key.text === "j"))
      this.top = Math.min(max, this.top + 1);
    else if (key.name === "pageup" || (key.name === "char" && key.text === "b"))
      this.top = Math.max(0, this.top - page);
    else if (key.name === "pagedown" || (key.name === "char" && key.text === " "))
      this.top = Math.min(max, this.top + page);
    else if (key.name === "home" || (key.name === "char" && key.text === "g")) this.top = 0;
    else if (key.name === "end" || (key.name === "char" && key.text === "G")) this.top = max;
    else return "ignore";
    return "scroll";
  }

  /** A full screen: every row rewritten from the top. */
  render(options: { rows: number; columns: number; theme: Theme }): string {
    const { rows, columns, theme } = options;
    const page = Math.max(1, rows - 1);
    const max = Math.max(0, this.lines.length - page);
    this.top = Math.min(this.top, max);
    this.lastMax = max;
    let out = "\x1b[?2026h\x1b[?25l\x1b[H";
    for (let i = 0; i < page; i++) {
      const line = this.lines[this.top + i] ?? "";
      out += `\x1b[2K${truncateToWidth(line, columns)}\r\n`;
    }
    const pct =
      this.lines.length === 0
        ? 100
        : Math.round(((this.top + page) / Math.max(page, this.lines.length)) * 100);
    const footer = ` TRANSCRIPT  ↑↓ scroll · PgUp/PgDn · q quit   ${Math.min(100, pct)}%`;
    out += `\x1b[2K${theme.reverse(truncateToWidth(footer, columns))}\x1b[?2026l`;
    return out;
  }
}
