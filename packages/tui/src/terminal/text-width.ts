/**
 * Width-aware text helpers. Lines in the TUI are strings that may contain SGR (colour) and OSC 8
 * (hyperlink) escape sequences; these functions measure, cut and wrap them by terminal columns,
 * counting wide characters (CJK, emoji) as two and escape sequences as zero.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Matches one escape sequence: CSI (`ESC [ … final`) or OSC (`ESC ] … BEL|ST`). */
const ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/y;

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

export function visibleWidth(text: string): number {
  if (ASCII_PRINTABLE.test(text)) return text.length;
  return Bun.stringWidth(text, { countAnsiEscapeCodes: false, ambiguousIsNarrow: true });
}

export function graphemeWidth(grapheme: string): number {
  const code = grapheme.charCodeAt(0);
  if (grapheme.length === 1 && code >= 0x20 && code < 0x7f) return 1;
  if (grapheme === "\t") return 4;
  return Bun.stringWidth(grapheme, { countAnsiEscapeCodes: false, ambiguousIsNarrow: true });
}

export function graphemes(text: string): string[] {
  if (ASCII_PRINTABLE.test(text)) return text.split("");
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

type Token = { escape: string } | { text: string; width: number };

/** Splits a styled line into escape sequences and graphemes with their widths. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let plainStart = 0;
  const flushPlain = (end: number) => {
    if (end > plainStart) {
      for (const g of graphemes(line.slice(plainStart, end)))
        tokens.push({ text: g, width: graphemeWidth(g) });
    }
  };
  while (i < line.length) {
    if (line.charCodeAt(i) === 0x1b) {
      ESCAPE.lastIndex = i;
      const m = ESCAPE.exec(line);
      if (m) {
        flushPlain(i);
        tokens.push({ escape: m[0] });
        i += m[0].length;
        plainStart = i;
        continue;
      }
    }
    i++;
  }
  flushPlain(line.length);
  return tokens;
}

/**
 * Makes untrusted text (command output, model text) safe to draw: drops escape sequences and
 * control characters other than newline and tab, and keeps only the last of `\r`-overwritten
 * segments of a line (progress bars).
 */
export function sanitize(text: string): string {
  if (!/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) return text;
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]?/g, "")
    .replace(/\r\n/g, "\n")
    .replace(/[^\n]*\r(?!\n)/g, "")
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

/** Cuts a styled line to at most `width` columns, closing any open style. */
export function truncateToWidth(line: string, width: number, options: { ellipsis?: string } = {}): string {
  if (visibleWidth(line) <= width) return line;
  const ellipsis = options.ellipsis ?? "";
  const budget = Math.max(0, width - visibleWidth(ellipsis));
  let out = "";
  let used = 0;
  for (const token of tokenize(line)) {
    if ("escape" in token) {
      out += token.escape;
      continue;
    }
    if (used + token.width > budget) break;
    out += token.text;
    used += token.width;
  }
  return out + ellipsis + "\x1b[0m";
}

/**
 * Wraps a styled line to `width` columns, breaking at spaces when possible and re-applying
 * the active SGR styles at the start of each continuation line.
 */
export function wrapLine(line: string, width: number): string[] {
  if (width <= 0) return [line];
  if (visibleWidth(line) <= width) return [line];
  const tokens = tokenize(line);
  const out: string[] = [];
  let current = "";
  let currentWidth = 0;
  let active: string[] = [];
  // Index in `current` right after the last space, and the width up to it.
  let breakAt = -1;
  let breakWidth = 0;
  let activeAtBreak: string[] = [];
  const pushLine = (text: string) =>
    out.push(active.length > 0 || /\x1b\[/.test(text) ? `${text}\x1b[0m` : text);
  for (const token of tokens) {
    if ("escape" in token) {
      current += token.escape;
      if (token.escape.startsWith("\x1b[") && token.escape.endsWith("m")) {
        active = applySgr(active, token.escape);
      }
      continue;
    }
    if (currentWidth + token.width > width) {
      if (breakAt > 0 && token.text !== " ") {
        const head = current.slice(0, breakAt);
        const tail = current.slice(breakAt);
        pushLine(head.trimEnd());
        current = activeAtBreak.join("") + tail;
        currentWidth -= breakWidth;
      } else {
        pushLine(current);
        current = active.join("");
        currentWidth = 0;
      }
      breakAt = -1;
      if (token.text === " ") continue;
    }
    current += token.text;
    currentWidth += token.width;
    if (token.text === " ") {
      breakAt = current.length;
      breakWidth = currentWidth;
      activeAtBreak = [...active];
    }
  }
  if (current.length > 0 || out.length === 0) out.push(current);
  return out;
}

const CLOSES: Record<string, (open: string) => boolean> = {
  "22": (o) => o === "1" || o === "2",
  "23": (o) => o === "3",
  "24": (o) => o === "4",
  "27": (o) => o === "7",
  "39": (o) => /^(3[0-8]|9[0-7])/.test(o),
  "49": (o) => /^(4[0-8]|10[0-7])/.test(o),
};

/** Tracks which SGR opens are still in effect after `escape`. */
function applySgr(active: string[], sequence: string): string[] {
  const code = sequence.slice(2, -1);
  if (code === "" || code === "0") return [];
  const closes = CLOSES[code];
  if (closes) return active.filter((a) => !closes(a.slice(2, -1)));
  return [...active, sequence];
}

/**
 * Wraps `text` after `prefix` (a bullet, a number, an indent) so that every continuation line is
 * indented by the prefix's width and lines up under the text instead of starting at column 0.
 */
export function wrapHanging(text: string, width: number, prefix: string): string[] {
  const indent = " ".repeat(visibleWidth(prefix));
  return wrapLine(text, Math.max(1, width - indent.length)).map(
    (line, i) => (i === 0 ? prefix : indent) + line,
  );
}

/** Cuts a plain path to `width` columns by dropping its start, so the most specific part stays. */
export function truncatePathStart(path: string, width: number): string {
  if (visibleWidth(path) <= width) return path;
  const parts = graphemes(path);
  let kept = "";
  let used = 1;
  for (let i = parts.length - 1; i >= 0; i--) {
    const g = parts[i] ?? "";
    const w = graphemeWidth(g);
    if (used + w > width) break;
    kept = g + kept;
    used += w;
  }
  return `…${kept}`;
}
