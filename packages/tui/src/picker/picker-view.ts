/**
 * Draws the picker as exactly `height` lines of at most `width` columns: title, search line,
 * filter line, column header, the list (when, directory, first message), and a footer with the
 * count and the keys. Colour goes through the Theme, so NO_COLOR leaves bold, dim and the `›`
 * marker to show the selection.
 */
import {
  graphemes,
  graphemeWidth,
  sanitize,
  truncateToWidth,
  visibleWidth,
  wrapLine,
} from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";
import { shortenPath } from "../views/cell-view.ts";
import { relativeTime } from "./relative-time.ts";
import type { SessionRow } from "./session-feed.ts";

/** Lines around the list: title, search, filter, header above; footer below. */
const CHROME_LINES = 5;

const AGE_WIDTH = 8;

export type PickerView = {
  theme: Theme;
  width: number;
  height: number;
  now: number;
  cwd: string;
  query: string;
  allDirs: boolean;
  /** The searched rows, and the selection and scroll position within them. */
  rows: readonly SessionRow[];
  selected: number;
  top: number;
  /** Whether more sessions may exist beyond those loaded. */
  more: boolean;
  loading: boolean;
  scanned: number;
  error: string | null;
};

export function listHeightFor(height: number): number {
  return Math.max(1, height - CHROME_LINES);
}

export function renderPicker(view: PickerView): string[] {
  const { theme, width } = view;
  const listHeight = listHeightFor(view.height);
  const lines = [
    theme.bold("Resume a previous session"),
    searchLine(view),
    filterLine(view),
    theme.dim(headerLine(width)),
  ];
  const body = view.rows.length === 0 ? emptyLines(view) : listLines(view, listHeight);
  for (let i = 0; i < listHeight; i++) lines.push(body[i] ?? "");
  lines.push(footerLine(view));
  return lines.slice(0, Math.max(1, view.height)).map((l) => truncateToWidth(l, width));
}

function searchLine(view: PickerView): string {
  const label = view.theme.bold("Search: ");
  if (view.query === "") return `${label}${view.theme.reverse(" ")}${view.theme.gray(" type to search")}`;
  const budget = Math.max(1, view.width - visibleWidth("Search: ") - 1);
  return `${label}${truncateStart(clean(view.query), budget)}${view.theme.reverse(" ")}`;
}

function filterLine(view: PickerView): string {
  const { theme } = view;
  if (view.allDirs) {
    const hints = ["· Tab: this directory only", "· Tab: this dir", ""];
    const hint = hints.find((h) => visibleWidth(`Filter: all directories ${h}`) <= view.width) ?? "";
    return `${theme.bold("Filter:")} all directories ${theme.gray(hint)}`;
  }
  const hint = " · Tab: show all";
  const budget = Math.max(4, view.width - visibleWidth(`Filter: only ${hint}`));
  const dir = truncateStart(clean(shortenPath(view.cwd)), budget);
  return `${theme.bold("Filter:")} only ${theme.cyan(dir)}${theme.gray(hint)}`;
}

function dirWidth(width: number): number {
  return Math.max(8, Math.min(40, Math.floor(width * 0.28)));
}

function headerLine(width: number): string {
  return `  ${"When".padEnd(AGE_WIDTH)} ${"Directory".padEnd(dirWidth(width))}  First message`;
}

function listLines(view: PickerView, listHeight: number): string[] {
  const { theme, width } = view;
  const dirW = dirWidth(width);
  const out: string[] = [];
  const end = Math.min(view.rows.length, view.top + listHeight);
  for (let i = view.top; i < end; i++) {
    const row = view.rows[i];
    if (!row) continue;
    const selected = i === view.selected;
    const age = relativeTime(view.now, row.timestamp).padEnd(AGE_WIDTH);
    const dir = padEnd(truncateStart(clean(shortenPath(row.cwd)), dirW), dirW);
    const lead = `${selected ? "›" : " "} ${age} `;
    const messageWidth = Math.max(1, width - visibleWidth(lead) - dirW - 2);
    const text = row.firstUserMessage === null ? "(no message)" : clean(row.firstUserMessage);
    const message = truncateToWidth(text, messageWidth, { ellipsis: "…" });
    if (selected) out.push(theme.bold(theme.cyan(`${lead}${dir}  ${message}`)));
    else
      out.push(`${lead}${theme.gray(dir)}  ${row.firstUserMessage === null ? theme.dim(message) : message}`);
  }
  if (end === view.rows.length && view.more && out.length < listHeight)
    out.push(theme.dim("  loading more…"));
  return out;
}

function emptyLines(view: PickerView): string[] {
  const { theme } = view;
  let text: string;
  if (view.error) text = `Error: ${view.error}`;
  else if (view.more || view.loading)
    text = view.scanned > 0 ? `Searching… (${view.scanned} sessions read)` : "Loading sessions…";
  else if (view.query.trim() !== "") text = `No sessions match “${clean(view.query)}”.`;
  else if (!view.allDirs) text = "No earlier sessions in this directory. Press Tab to show all directories.";
  else text = "No earlier sessions yet. Start one with `codex`.";
  return ["", ...wrapLine(text, Math.max(1, view.width - 2)).map((l) => `  ${theme.dim(l)}`)];
}

function footerLine(view: PickerView): string {
  const count = view.rows.length;
  const position = count === 0 ? "0/0" : `${view.selected + 1}/${count}${view.more ? "+" : ""}`;
  const variants = [
    "↑↓ PgUp PgDn move · Enter resume · Esc cancel",
    "↑↓ move · Enter resume · Esc cancel",
    "Enter resume · Esc cancel",
    "Enter · Esc",
  ];
  const keys = variants.find((k) => visibleWidth(`${position} · ${k}`) <= view.width) ?? "";
  return view.theme.gray(keys === "" ? position : `${position} · ${keys}`);
}

/** One line of untrusted text: no escape sequences or control characters, whitespace collapsed. */
function clean(text: string): string {
  return sanitize(text).replace(/\s+/g, " ").trim();
}

/** Keeps the end of a path-like string: `…/project/src`. */
function truncateStart(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  const parts = graphemes(text);
  let out = "";
  let used = 1;
  for (let i = parts.length - 1; i >= 0; i--) {
    const g = parts[i] ?? "";
    const w = graphemeWidth(g);
    if (used + w > width) break;
    out = g + out;
    used += w;
  }
  return `…${out}`;
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleWidth(text)));
}
