/** Sending what the user typed: now when the session is idle, else queued until the turn ends. */
import { pushCell } from "../state/reducer.ts";
import type { UiEffect } from "./effects.ts";
import type { UiState } from "./state.ts";

export type SendOptions = { saveHistory: boolean };

export function sendUserMessage(
  state: UiState,
  text: string,
  images: string[],
  options: SendOptions,
): UiEffect[] {
  const t = state.transcript;
  if (t.running || !t.session) {
    state.queued.push({ text, images });
    return [];
  }
  pushCell(t, { kind: "user", text, images });
  const items: Array<{ type: "text"; text: string } | { type: "local_image"; path: string }> = [];
  for (const path of images) items.push({ type: "local_image", path });
  if (text.length > 0) items.push({ type: "text", text });
  const effects: UiEffect[] = [{ type: "submit", op: { type: "user_turn", items } }];
  if (text.length > 0) {
    state.history.add(text);
    if (options.saveHistory) effects.push({ type: "submit", op: { type: "add_to_history", text } });
  }
  return effects;
}

/** The next queued message, once the session is configured and idle. */
export function drainQueue(state: UiState, options: SendOptions): UiEffect[] {
  if (state.transcript.running || !state.transcript.session) return [];
  const next = state.queued.shift();
  return next ? sendUserMessage(state, next.text, next.images, options) : [];
}
