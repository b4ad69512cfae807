/**
 * Esc Esc: the last message goes back into the composer to be edited, and a choice opens: keep
 * everything, rewind the conversation to before that message, or rewind it and put back the files
 * its turn changed (all or nothing; a file changed since refuses, see core's undo).
 */
import type { UiEffect } from "./effects.ts";
import type { Picker } from "./state.ts";

export function rewindPicker(): Picker {
  const rows: Array<{ label: string; effects: UiEffect[] }> = [
    { label: "Just edit it (keep the conversation and the files)", effects: [] },
    {
      label: "Rewind the conversation to before it (files stay as they are)",
      effects: [{ type: "submit", op: { type: "thread_rollback", num_turns: 1 } }],
    },
    {
      label: "Rewind the conversation and restore the files its turn changed",
      effects: [{ type: "submit", op: { type: "thread_rollback", num_turns: 1, restore_files: true } }],
    },
  ];
  return {
    title: "Your last message is back in the composer. Rewind to before it?",
    rows: rows.map((r, i) => ({ label: `${i + 1}. ${r.label}` })),
    selected: 0,
    choose: (_state, index) => rows[index]?.effects ?? [],
  };
}
