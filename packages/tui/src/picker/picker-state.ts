/**
 * The picker's state and the pure rules that move it: which loaded sessions the search shows,
 * where the selection is, which slice of the list is on screen, and how many rows are wanted
 * (which tells the feed when to read another page).
 */
import type { SessionRow } from "./session-feed.ts";

export type PickerState = {
  query: string;
  /** false: only sessions started in the current directory. */
  allDirs: boolean;
  /** Index into the visible (searched) rows. */
  selected: number;
  /** First visible row shown on screen. */
  top: number;
};

/** Rows past the selection's screen that should already be loaded. */
const LOAD_AHEAD = 5;

export function initialState(): PickerState {
  return { query: "", allDirs: false, selected: 0, top: 0 };
}

/** Case-insensitive match on every word of the query against the first message and the cwd. */
function matchesQuery(row: SessionRow, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${row.firstUserMessage ?? ""}\n${row.cwd}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

export function visibleRows(rows: readonly SessionRow[], query: string): SessionRow[] {
  return query.trim() === "" ? rows.slice() : rows.filter((r) => matchesQuery(r, query));
}

/** How many visible rows the screen needs now: the selection's page plus a few beyond it. */
export function wantedRows(state: PickerState, listHeight: number): number {
  return Math.max(state.selected, state.top) + listHeight + LOAD_AHEAD;
}

export type Move = "up" | "down" | "pageup" | "pagedown" | "home" | "end";

export function move(state: PickerState, how: Move, options: { count: number; listHeight: number }): void {
  const page = Math.max(1, options.listHeight - 1);
  const last = Math.max(0, options.count - 1);
  if (how === "up") state.selected -= 1;
  else if (how === "down") state.selected += 1;
  else if (how === "pageup") state.selected -= page;
  else if (how === "pagedown") state.selected += page;
  else if (how === "home") state.selected = 0;
  else state.selected = last;
  state.selected = Math.max(0, Math.min(state.selected, last));
  if (how === "pageup") state.top = Math.max(0, state.top - page);
  if (how === "pagedown") state.top = state.top + page;
}

/** Keeps the selection within the visible rows and on screen. */
export function clamp(state: PickerState, options: { count: number; listHeight: number }): void {
  const height = Math.max(1, options.listHeight);
  state.selected = Math.max(0, Math.min(state.selected, options.count - 1));
  if (state.selected < state.top) state.top = state.selected;
  if (state.selected >= state.top + height) state.top = state.selected - height + 1;
  state.top = Math.max(0, Math.min(state.top, options.count - height));
}
