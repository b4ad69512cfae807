import type { SlashContext } from "../slash/dispatch.ts";
import type { CompletionContext } from "./completion.ts";

/** What the key reducer reads besides the state: read-only facts and lookups the app provides. */
export type KeyContext = CompletionContext &
  SlashContext & {
    /** Terminal rows (the transcript view pages by them). */
    rows: number;
  };
