/**
 * The UI's part of a protocol event (the transcript's part is state/reducer.ts, applied first):
 * history entries and custom prompts the session sends, the approval modal's scroll, and the
 * queued messages, sent once the session is idle.
 */
import type { EventMsg } from "@codex/protocol";
import { findCommand } from "../slash/commands.ts";
import { afterEdit } from "./completion.ts";
import type { UiEffect } from "./effects.ts";
import { drainQueue, type SendOptions } from "./send.ts";
import type { UiState } from "./state.ts";

export function reduceUiEvent(state: UiState, msg: EventMsg, options: SendOptions): UiEffect[] {
  const effects: UiEffect[] = [];
  switch (msg.type) {
    case "session_configured":
      state.history.setLog(msg.history_log_id, msg.history_entry_count);
      effects.push({ type: "submit", op: { type: "list_custom_prompts" } });
      break;
    case "get_history_entry_response": {
      const text = state.history.receive(msg.log_id, msg.offset, msg.entry?.text ?? null);
      if (text !== null) {
        state.composer.setText(text);
        afterEdit(state);
      }
      break;
    }
    case "list_custom_prompts_response":
      // A prompt named like a built-in command could never be run; it is not offered.
      state.prompts = msg.custom_prompts.filter((p) => !findCommand(p.name));
      break;
    case "list_skills_response":
      state.skills = msg.skills;
      break;
    case "exec_approval_request":
    case "apply_patch_approval_request":
      state.approvalScroll = 0;
      break;
  }
  effects.push(...drainQueue(state, options));
  return effects;
}
