/**
 * Raw-mode input parser: turns the bytes a terminal sends into key and paste events. It keeps
 * state across chunks so a bracketed paste split over many reads arrives as one intact event.
 */

type KeyName =
  | "char"
  | "enter"
  | "tab"
  | "backspace"
  | "delete"
  | "escape"
  | "up"
  | "down"
  | "left"
  | "right"
  | "home"
  | "end"
  | "pageup"
  | "pagedown"
  | "insert";

export type KeyEvent = {
  type: "key";
  name: KeyName;
  /** The character typed, for `char` (a letter for ctrl/alt combinations). */
  text: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
};

type PasteEvent = { type: "paste"; text: string };
export type InputEvent = KeyEvent | PasteEvent;

const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

function key(name: KeyName, mods: Partial<Omit<KeyEvent, "type" | "name">> = {}): KeyEvent {
  return {
    type: "key",
    name,
    text: mods.text ?? "",
    ctrl: !!mods.ctrl,
    alt: !!mods.alt,
    shift: !!mods.shift,
  };
}

function modifiers(param: number): { shift: boolean; alt: boolean; ctrl: boolean } {
  const m = Math.max(0, param - 1);
  return { shift: (m & 1) !== 0, alt: (m & 2) !== 0, ctrl: (m & 4) !== 0 };
}

const CSI_LETTERS: Record<string, KeyName> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
};

const CSI_TILDE: Record<number, KeyName> = {
  1: "home",
  2: "insert",
  3: "delete",
  4: "end",
  5: "pageup",
  6: "pagedown",
  7: "home",
  8: "end",
};

function fromCodepoint(code: number, mods: { shift: boolean; alt: boolean; ctrl: boolean }): KeyEvent {
  if (code === 13) return key("enter", mods);
  if (code === 9) return key("tab", mods);
  if (code === 27) return key("escape", mods);
  if (code === 127 || code === 8) return key("backspace", mods);
  const text = String.fromCodePoint(code);
  return key("char", { ...mods, text: mods.ctrl || mods.alt ? text.toLowerCase() : text });
}

function parseCsi(params: string, final: string): KeyEvent | null {
  const parts = params.split(";").map((p) => Number.parseInt(p, 10));
  const mods = modifiers(parts[1] ?? 1);
  if (final in CSI_LETTERS) return key(CSI_LETTERS[final] as KeyName, mods);
  if (final === "Z") return key("tab", { shift: true });
  if (final === "~") {
    const first = parts[0] ?? 0;
    // xterm modifyOtherKeys: CSI 27 ; mods ; code ~
    if (first === 27 && parts.length >= 3) return fromCodepoint(parts[2] ?? 0, modifiers(parts[1] ?? 1));
    const name = CSI_TILDE[first];
    return name ? key(name, mods) : null;
  }
  // kitty keyboard protocol: CSI code ; mods u
  if (final === "u") return fromCodepoint(parts[0] ?? 0, mods);
  return null;
}

function singleChar(ch: string, alt: boolean): KeyEvent {
  const code = ch.charCodeAt(0);
  if (ch === "\r") return key("enter", { alt });
  if (ch === "\n") return key("char", { ctrl: true, alt, text: "j" });
  if (ch === "\t") return key("tab", { alt });
  if (code === 0x7f || code === 0x08) return key("backspace", { alt });
  if (code === 0x1b) return key("escape", { alt });
  if (code === 0) return key("char", { ctrl: true, alt, text: " " });
  if (code < 0x20) return key("char", { ctrl: true, alt, text: String.fromCharCode(code + 96) });
  return key("char", { alt, text: ch });
}

export class InputParser {
  private buffer = "";
  private paste: string | null = null;

  /** Feeds one chunk of terminal input; returns the complete events it contained. */
  feed(chunk: string): InputEvent[] {
    const events: InputEvent[] = [];
    this.buffer += chunk;
    while (this.buffer.length > 0) {
      if (this.paste !== null) {
        const end = this.buffer.indexOf(PASTE_END);
        if (end < 0) {
          // Keep a possible partial end marker in the buffer for the next chunk.
          const keep = partialSuffix(this.buffer, PASTE_END);
          this.paste += this.buffer.slice(0, this.buffer.length - keep);
          this.buffer = this.buffer.slice(this.buffer.length - keep);
          return events;
        }
        this.paste += this.buffer.slice(0, end);
        events.push({ type: "paste", text: this.paste.replace(/\r\n?/g, "\n") });
        this.paste = null;
        this.buffer = this.buffer.slice(end + PASTE_END.length);
        continue;
      }
      if (this.buffer.startsWith(PASTE_START)) {
        this.paste = "";
        this.buffer = this.buffer.slice(PASTE_START.length);
        continue;
      }
      const consumed = this.parseOne(events);
      if (consumed === 0) break;
      this.buffer = this.buffer.slice(consumed);
    }
    return events;
  }

  /** Parses one key at the start of the buffer; returns how many chars it used (0 = need more). */
  private parseOne(events: InputEvent[]): number {
    const b = this.buffer;
    if (b[0] !== "\x1b") {
      const cp = b.codePointAt(0) ?? 0;
      const ch = String.fromCodePoint(cp);
      events.push(singleChar(ch, false));
      return ch.length;
    }
    if (b.length === 1) {
      events.push(key("escape"));
      return 1;
    }
    const second = b[1];
    if (second === "\x1b") {
      events.push(key("escape"));
      return 1;
    }
    if (second === "[") {
      if (PASTE_START.startsWith(b)) return 0;
      const m = /^\x1b\[([0-9;:?]*)([ -/]*)([@-~])/.exec(b);
      if (!m) {
        if (/^\x1b\[[0-9;:?]*$/.test(b)) return 0;
        events.push(key("escape"));
        return 1;
      }
      const ev = parseCsi((m[1] ?? "").replace(/:/g, ";"), m[3] ?? "");
      if (ev) events.push(ev);
      return m[0].length;
    }
    if (second === "O") {
      if (b.length < 3) return 0;
      const name = CSI_LETTERS[b[2] ?? ""];
      if (name) events.push(key(name));
      return 3;
    }
    const cp = b.codePointAt(1) ?? 0;
    const ch = String.fromCodePoint(cp);
    events.push(singleChar(ch, true));
    return 1 + ch.length;
  }
}

function partialSuffix(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) {
    if (marker.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}
