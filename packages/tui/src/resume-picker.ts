/**
 * `codex resume` without an id: a picker of earlier sessions, newest first. Type to search (the
 * first message, directory and id), ↑↓ to move, PgUp/PgDn for pages (more are loaded on demand),
 * Tab toggles the filter between this directory and all directories, Enter resumes, Esc starts a
 * new session, Ctrl-C quits. Drawn in the live region like the rest of the TUI.
 */
import { type InputEvent, InputParser } from "./terminal/keys.ts";
import { LiveRenderer } from "./terminal/live-renderer.ts";
import { ProcessTerminal, type Terminal } from "./terminal/terminal.ts";
import { padToWidth, truncateToWidth } from "./terminal/text-width.ts";
import { colorFromEnv, createTheme, type Theme } from "./terminal/theme.ts";
import { shortenPath } from "./views/cell-view.ts";

/** One earlier session (core's `SessionSummary` fits as is). */
export type ResumeCandidate = { id: string; timestamp: string; cwd: string; firstUserMessage: string | null };

export type ResumePage = { items: ResumeCandidate[]; nextCursor: string | null };

export type PickSessionOptions = {
  /** Loads one page, newest first; `cwd` set means "only sessions started in this directory". */
  loadPage: (request: { cursor: string | null; cwd: string | null }) => ResumePage | Promise<ResumePage>;
  cwd: string;
  terminal?: Terminal;
  env?: Record<string, string | undefined>;
  /** For stable test output. */
  now?: () => number;
};

export type PickSessionResult = { kind: "resume"; id: string } | { kind: "new" } | { kind: "quit" };

const PAGE_ROWS = 12;

export async function pickSession(options: PickSessionOptions): Promise<PickSessionResult> {
  const env = options.env ?? process.env;
  const terminal = options.terminal ?? new ProcessTerminal({ stdin: process.stdin, stdout: process.stdout });
  const theme = createTheme({ color: colorFromEnv(env) });
  const renderer = new LiveRenderer(terminal);
  const parser = new InputParser();
  const now = options.now ?? (() => Date.now());
  const state = {
    items: [] as ResumeCandidate[],
    cursor: null as string | null,
    done: false,
    query: "",
    selected: 0,
    allDirs: false,
    loading: false,
  };

  const load = async () => {
    if (state.done || state.loading) return;
    state.loading = true;
    const page = await options.loadPage({ cursor: state.cursor, cwd: state.allDirs ? null : options.cwd });
    state.items.push(...page.items);
    state.cursor = page.nextCursor;
    state.done = page.nextCursor === null;
    state.loading = false;
  };
  const visible = () => {
    const q = state.query.toLowerCase();
    if (!q) return state.items;
    return state.items.filter((s) =>
      `${s.firstUserMessage ?? ""} ${s.cwd} ${s.id}`.toLowerCase().includes(q),
    );
  };
  /** Loads pages until the selection (plus a page) is covered or sessions run out. */
  const fill = async () => {
    let guard = 0;
    while (!state.done && visible().length < state.selected + PAGE_ROWS + 1 && guard++ < 20) await load();
  };
  const draw = () => {
    const width = Math.max(20, terminal.columns);
    renderer.render({
      lines: renderPicker({ theme, width, now: now(), state, list: visible(), cwd: options.cwd }),
      cursor: null,
    });
  };

  return new Promise<PickSessionResult>((resolve) => {
    const finish = (result: PickSessionResult) => {
      renderer.clear();
      terminal.stop();
      resolve(result);
    };
    const onEvent = async (ev: InputEvent) => {
      if (ev.type === "paste") state.query += ev.text.replace(/\s+/g, " ");
      else if (ev.name === "char" && ev.ctrl && ev.text === "c") return finish({ kind: "quit" });
      else if (ev.name === "escape") return finish({ kind: "new" });
      else if (ev.name === "enter") {
        const chosen = visible()[state.selected];
        return finish(chosen ? { kind: "resume", id: chosen.id } : { kind: "new" });
      } else if (ev.name === "up") state.selected = Math.max(0, state.selected - 1);
      else if (ev.name === "down") state.selected++;
      else if (ev.name === "pageup") state.selected = Math.max(0, state.selected - PAGE_ROWS);
      else if (ev.name === "pagedown") state.selected += PAGE_ROWS;
      else if (ev.name === "tab") {
        state.allDirs = !state.allDirs;
        Object.assign(state, { items: [], cursor: null, done: false, selected: 0 });
      } else if (ev.name === "backspace") state.query = state.query.slice(0, -1);
      else if (ev.name === "char" && !ev.ctrl && !ev.alt) state.query += ev.text;
      else return;
      if (ev.type === "paste" || ev.name === "char" || ev.name === "backspace") state.selected = 0;
      await fill();
      state.selected = Math.max(0, Math.min(state.selected, visible().length - 1));
      draw();
    };
    let queue = Promise.resolve();
    terminal.start({
      onInput: (chunk) => {
        for (const ev of parser.feed(chunk)) queue = queue.then(() => onEvent(ev));
      },
      onResize: () => {
        renderer.handleResize();
        draw();
      },
    });
    draw();
    void fill().then(draw);
  });
}

function renderPicker(input: {
  theme: Theme;
  width: number;
  now: number;
  state: { query: string; selected: number; allDirs: boolean; done: boolean; loading: boolean };
  list: ResumeCandidate[];
  cwd: string;
}): string[] {
  const { theme, width, state, list } = input;
  const lines = [
    theme.bold("Resume a previous session"),
    `${theme.gray("Search:")} ${state.query}${theme.reverse(" ")}`,
    theme.gray(
      `Filter: ${state.allDirs ? "all directories" : `this directory (${shortenPath(input.cwd)})`} · tab to toggle`,
    ),
    "",
  ];
  const first = Math.max(0, Math.min(state.selected - Math.floor(PAGE_ROWS / 2), list.length - PAGE_ROWS));
  const ageWidth = 10;
  const dirWidth = state.allDirs ? Math.min(24, Math.floor(width / 4)) : 0;
  if (list.length === 0)
    lines.push(theme.gray(state.loading || !state.done ? "  loading…" : "  no sessions found"));
  for (let i = first; i < Math.min(list.length, first + PAGE_ROWS); i++) {
    const s = list[i];
    if (!s) continue;
    const sel = i === state.selected;
    const age = padToWidth(ago(input.now, s.timestamp), ageWidth);
    const dir =
      dirWidth > 0
        ? `${padToWidth(truncateToWidth(shortenPath(s.cwd), dirWidth - 1, { ellipsis: "…" }), dirWidth)}`
        : "";
    const message = (s.firstUserMessage ?? "(no message)").replace(/\s+/g, " ");
    const row = truncateToWidth(`${sel ? "›" : " "} ${age}${dir}${message}`, width, { ellipsis: "…" });
    lines.push(sel ? theme.bold(theme.cyan(row)) : row);
  }
  const more = state.done ? "" : " · more below";
  lines.push(
    "",
    theme.gray(
      `${list.length === 0 ? 0 : state.selected + 1}/${list.length}${more} · enter resume · esc new session · ctrl+c quit`,
    ),
  );
  return lines;
}

function ago(now: number, iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "?";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}
