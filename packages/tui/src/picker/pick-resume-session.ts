/**
 * `codex resume` without an id: a full-screen picker (alternate screen) of earlier sessions,
 * newest first, listed by core a page at a time as the list scrolls. Only
 * sessions started in the current directory at first (Tab shows all); typing searches the first
 * message and directory, reading further pages while too few loaded sessions match. Resolves with
 * the chosen session id, or null when the user cancels (Esc, Ctrl-C).
 */
import { type InputEvent, InputParser } from "../terminal/keys.ts";
import { LiveRenderer } from "../terminal/live-renderer.ts";
import { ProcessTerminal, type Terminal } from "../terminal/terminal.ts";
import { colorFromEnv, createTheme } from "../terminal/theme.ts";
import { clamp, initialState, type Move, move, visibleRows, wantedRows } from "./picker-state.ts";
import { listHeightFor, renderPicker } from "./picker-view.ts";
import { INTERACTIVE_SOURCES, SessionFeed, type SessionRow } from "./session-feed.ts";

export type PickResumeSessionOptions = {
  /** Where core finds saved sessions (the loaded config's `codexHome`, passed on as is). */
  codexHome: string;
  /** The current directory: the default filter shows only sessions started here. */
  cwd: string;
  /** Start with every directory shown (as if Tab was pressed). */
  showAll?: boolean;
  /** Also list `codex exec` and MCP sessions (default: only interactive ones, as Codex). */
  includeNonInteractive?: boolean;
  /** Defaults to the process's stdin/stdout (which must be a TTY). */
  terminal?: Terminal;
  /** Defaults to `process.env` (NO_COLOR, TERM). */
  env?: Record<string, string | undefined>;
  /** The clock for "5m ago" (tests). */
  now?: () => number;
};

const ENTER_ALT_SCREEN = "\x1b[?1049h\x1b[H\x1b[2J";
const LEAVE_ALT_SCREEN = "\x1b[?25h\x1b[?1049l";

const KEY_MOVES: Partial<Record<string, Move>> = {
  up: "up",
  down: "down",
  pageup: "pageup",
  pagedown: "pagedown",
  home: "home",
  end: "end",
};

export async function pickResumeSession(options: PickResumeSessionOptions): Promise<string | null> {
  if (!options.terminal && !(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new Error("codex resume: the session picker needs a terminal; pass a SESSION_ID or --last instead");
  }
  const terminal = options.terminal ?? new ProcessTerminal({ stdin: process.stdin, stdout: process.stdout });
  const theme = createTheme({ color: colorFromEnv(options.env ?? process.env) });
  const now = options.now ?? (() => Date.now());
  const sources = options.includeNonInteractive ? null : INTERACTIVE_SOURCES;
  const feeds = {
    here: new SessionFeed({ codexHome: options.codexHome, cwd: options.cwd, sources }),
    all: new SessionFeed({ codexHome: options.codexHome, cwd: null, sources }),
  };
  const state = initialState();
  state.allDirs = options.showAll ?? false;
  let renderer = new LiveRenderer(terminal);
  const parser = new InputParser();
  let finished = false;
  let pumping = false;

  const feed = () => (state.allDirs ? feeds.all : feeds.here);
  const listHeight = () => listHeightFor(terminal.rows);
  const visible = (): SessionRow[] => visibleRows(feed().rows, state.query);

  const draw = (rows: SessionRow[] = visible()) => {
    if (finished) return;
    clamp(state, { count: rows.length, listHeight: listHeight() });
    const f = feed();
    renderer.render({
      lines: renderPicker({
        theme,
        width: terminal.columns,
        height: terminal.rows,
        now: now(),
        cwd: options.cwd,
        query: state.query,
        allDirs: state.allDirs,
        rows,
        selected: state.selected,
        top: state.top,
        more: !f.done,
        loading: pumping,
        scanned: f.scanned,
        error: f.error,
      }),
      cursor: null,
    });
  };

  /** Reads pages, one per macrotask so keys keep flowing, until the screen has what it needs. */
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (!finished) {
        const f = feed();
        if (f.done || visible().length >= wantedRows(state, listHeight())) break;
        f.loadNext();
        draw();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      pumping = false;
    }
    draw();
  };

  return new Promise<string | null>((resolve) => {
    const finish = (id: string | null) => {
      if (finished) return;
      finished = true;
      process.off("SIGTERM", onSignal);
      process.off("SIGHUP", onSignal);
      terminal.write(LEAVE_ALT_SCREEN);
      terminal.stop();
      resolve(id);
    };
    const onSignal = () => finish(null);

    const onEvent = (ev: InputEvent) => {
      if (ev.type === "paste") {
        state.query += ev.text.replace(/\s+/g, " ");
        state.selected = 0;
        return;
      }
      if (ev.name === "escape" || (ev.name === "char" && ev.ctrl && ev.text === "c")) return finish(null);
      if (ev.name === "enter") {
        const chosen = visible()[state.selected];
        if (chosen) finish(chosen.id);
        return;
      }
      const how =
        ev.ctrl && ev.name === "char" ? ({ p: "up", n: "down" } as const)[ev.text] : KEY_MOVES[ev.name];
      if (how) return move(state, how, { count: visible().length, listHeight: listHeight() });
      if (ev.name === "tab") {
        state.allDirs = !state.allDirs;
        state.selected = 0;
        state.top = 0;
      } else if (ev.name === "backspace" || (ev.name === "char" && ev.ctrl && ev.text === "w")) {
        const word = ev.alt || ev.ctrl;
        state.query = word ? state.query.replace(/\S*\s*$/, "") : [...state.query].slice(0, -1).join("");
        state.selected = 0;
      } else if (ev.name === "char" && ev.ctrl && ev.text === "u") {
        state.query = "";
        state.selected = 0;
      } else if (ev.name === "char" && !ev.ctrl && !ev.alt) {
        state.query += ev.text;
        state.selected = 0;
      }
    };

    terminal.start({
      onInput: (chunk) => {
        if (finished) return;
        for (const ev of parser.feed(chunk)) {
          onEvent(ev);
          if (finished) return;
        }
        draw();
        void pump();
      },
      onResize: () => {
        if (finished) return;
        terminal.write("\x1b[H\x1b[2J");
        renderer = new LiveRenderer(terminal);
        draw();
        void pump();
      },
      onHangup: onSignal,
    });
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onSignal);
    terminal.write(ENTER_ALT_SCREEN);
    draw();
    void pump();
  });
}
