/**
 * The completion popup under the composer: slash commands and custom prompts while the first
 * word starts with "/", files after "@", skills after "$". Computed from the state on demand (never stored), so
 * it always matches the text being edited.
 */

import { DEFAULT_PROMPT_DESCRIPTION, PROMPTS_PREFIX } from "../features/custom-prompts.ts";
import type { FuzzyMatch } from "../features/fuzzy.ts";
import { fuzzyScore, highlightMatch } from "../features/fuzzy.ts";
import { SLASH_COMMANDS } from "../slash/commands.ts";
import type { Style } from "../terminal/theme.ts";
import type { PopupRow } from "../views/popup-view.ts";
import type { UiState } from "./state.ts";

/** The file list behind "@": searched without waiting; results may lag one query behind. */
export interface FileLookup {
  isLoaded(): boolean;
  search(query: string, limit: number): FuzzyMatch[];
  /** Whether the results shown for `query` are its own (not an earlier query's). */
  isCurrent(query: string, limit: number): boolean;
}

export type Completion = {
  kind: "slash" | "file" | "skill";
  rows: PopupRow[];
  values: string[];
  /** The range of composer text a chosen value replaces. */
  start: number;
  end: number;
  current: boolean;
};

export type CompletionContext = { files: FileLookup; highlight: Style };

const FILE_POPUP_LIMIT = 8;

export function completion(state: UiState, ctx: CompletionContext): Completion | null {
  const { composer } = state;
  const text = composer.text;
  if (state.popup.dismissed === text) return null;
  if (text.startsWith("/") && !/\s/.test(text.slice(0, composer.cursor))) {
    const query = text.slice(1, composer.cursor);
    const all = [
      ...SLASH_COMMANDS.map((c) => ({ name: c.name, description: c.description })),
      ...state.prompts.map((p) => ({
        name: `${PROMPTS_PREFIX}:${p.name}`,
        description: p.description ?? DEFAULT_PROMPT_DESCRIPTION,
      })),
    ];
    const q = query.toLowerCase();
    const matches = q ? all.filter((c) => fuzzyScore(c.name, q) !== null) : all;
    matches.sort((a, b) => Number(!a.name.startsWith(query)) - Number(!b.name.startsWith(query)));
    return {
      kind: "slash",
      rows: matches.map((m) => ({ label: `/${m.name}`, description: m.description })),
      values: matches.map((m) => `/${m.name}`),
      start: 0,
      end: text.search(/\s|$/),
      current: true,
    };
  }
  const skill = composer.tokenAtCursor("$");
  if (skill && state.skills.length > 0 && /^\$[\w.:-]*$/.test(skill.token))
    return skillCompletion(state, skill);
  const tok = composer.tokenAtCursor("@");
  if (!tok) return null;
  const query = tok.token.slice(1);
  const matches = ctx.files.search(query, FILE_POPUP_LIMIT);
  return {
    kind: "file",
    rows: matches.map((m) => ({ label: highlightMatch(m, ctx.highlight) })),
    values: matches.map((m) => m.text),
    start: tok.start,
    end: tok.end,
    current: ctx.files.isCurrent(query, FILE_POPUP_LIMIT),
  };
}

/** Skills whose name matches what follows "$" (prefix matches first). */
function skillCompletion(state: UiState, tok: { token: string; start: number; end: number }): Completion {
  const query = tok.token.slice(1).toLowerCase();
  const matches = state.skills.filter((s) => !query || fuzzyScore(s.name, query) !== null);
  matches.sort((a, b) => Number(!a.name.startsWith(query)) - Number(!b.name.startsWith(query)));
  return {
    kind: "skill",
    rows: matches.map((s) => ({ label: `$${s.name}`, description: s.description })),
    values: matches.map((s) => `$${s.name}`),
    start: tok.start,
    end: tok.end,
    current: true,
  };
}

/** What the popup region shows: a picker, the completion list, or nothing. */
export function popupView(
  state: UiState,
  ctx: CompletionContext,
): { title?: string; rows: PopupRow[]; selected: number; empty?: string } | null {
  if (state.picker)
    return { title: state.picker.title, rows: state.picker.rows, selected: state.picker.selected };
  const c = completion(state, ctx);
  if (!c) return null;
  return {
    rows: c.rows,
    selected: Math.min(state.popup.selected, Math.max(0, c.rows.length - 1)),
    empty: c.kind === "file" && !ctx.files.isLoaded() ? "loading files…" : "no matches",
  };
}

/** After an edit: a new completion query starts at its first row. */
export function afterEdit(state: UiState): void {
  const key = state.composer.text.slice(0, state.composer.cursor);
  if (key !== state.popup.key) {
    state.popup.key = key;
    state.popup.selected = 0;
  }
}
