/**
 * Everything the TUI shows that is not the terminal itself: the transcript (fed by protocol
 * events, state/reducer.ts), the composer and its popups, pickers, the approval modal's scroll,
 * hints, and the trust question. The key reducer (reduce-key.ts) and the event reducer change it;
 * the app draws it. No I/O and no timers live here.
 */
import type { CustomPrompt, SkillInfo } from "@codex/protocol";
import { HistoryNavigator } from "../features/history.ts";
import { createTranscriptState, type TranscriptState } from "../state/reducer.ts";
import { Composer } from "../views/composer.ts";
import type { PopupRow } from "../views/popup-view.ts";
import type { TranscriptOverlay } from "../views/transcript-overlay.ts";
import type { UiEffect } from "./effects.ts";

/** A list to choose from (/model, /approvals); `choose` says what picking row `index` does. */
export type Picker = {
  title: string;
  rows: PopupRow[];
  selected: number;
  choose: (state: UiState, index: number) => UiEffect[];
};

/** The first-run question whether Codex may work in this folder without asking. */
export type TrustQuestion = { folder: string; isGitRepo: boolean; selected: number };

export type UiState = {
  transcript: TranscriptState;
  composer: Composer;
  history: HistoryNavigator;
  /** Custom prompts the session listed (`/prompts:<name>`). */
  prompts: CustomPrompt[];
  /** The skills core found for the session (`$name` completion, `/skills`). */
  skills: SkillInfo[];
  /** Messages typed while a turn runs; sent one by one when it ends. */
  queued: Array<{ text: string; images: string[] }>;
  picker: Picker | null;
  /** The completion popup: selected row, the text it was computed for, text it was closed for. */
  popup: { selected: number; key: string; dismissed: string | null };
  approvalScroll: number;
  /** One line above the composer ("ctrl + c again to quit"). */
  hint: string | null;
  /** The first key of a two-key gesture was pressed (Ctrl-C Ctrl-C quits, Esc Esc edits). */
  armed: "quit" | "esc" | null;
  /** The Ctrl-T transcript view, while open. */
  overlay: TranscriptOverlay | null;
  trust: TrustQuestion | null;
};

export function createUiState(options: { hideReasoning: boolean }): UiState {
  return {
    transcript: createTranscriptState(options),
    composer: new Composer(),
    history: new HistoryNavigator(),
    prompts: [],
    skills: [],
    queued: [],
    picker: null,
    popup: { selected: 0, key: "", dismissed: null },
    approvalScroll: 0,
    hint: null,
    armed: null,
    overlay: null,
    trust: null,
  };
}
