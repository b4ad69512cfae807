/** A notice line in the transcript, as commands add them. */
import type { NoticeTone } from "../state/cells.ts";
import { pushCell } from "../state/reducer.ts";
import type { UiState } from "../ui/state.ts";

export function notice(state: UiState, tone: NoticeTone, text: string): void {
  pushCell(state.transcript, { kind: "notice", tone, text });
}
