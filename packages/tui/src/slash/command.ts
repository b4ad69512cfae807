/** The shape of one slash command: what the popup lists and what running it does. */
import type { UiEffect } from "../ui/effects.ts";
import type { UiState } from "../ui/state.ts";

/** What the user configured, for commands that show it before a session reports its own. */
export type CommandDefaults = {
  model: string;
  provider: string;
  cwd: string;
  approval: string;
  sandbox: string;
};

export type SlashCommand = {
  name: string;
  description: string;
  /** Whether it may run while a turn is in progress. */
  availableDuringTask: boolean;
  /** Changes the UI state (cells, pickers) and returns what the app must do; no I/O. */
  run: (state: UiState, args: string, defaults: CommandDefaults) => UiEffect[];
};
