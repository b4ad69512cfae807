/** Keys while the trust question is shown: 1/y trusts, 2/n does not, arrows + Enter, Esc skips. */
import type { KeyEvent } from "../terminal/keys.ts";
import type { TrustLevel, UiEffect } from "./effects.ts";
import type { UiState } from "./state.ts";

function answer(state: UiState, level: TrustLevel | null): UiEffect[] {
  state.trust = null;
  return [{ type: "trust-answer", level }];
}

export function onTrustKey(state: UiState, ev: KeyEvent): UiEffect[] {
  const trust = state.trust;
  if (!trust) return [];
  if (ev.name === "up" || ev.name === "down") trust.selected = 1 - trust.selected;
  else if (ev.name === "char" && ev.ctrl && ev.text === "c") {
    state.trust = null;
    return [{ type: "quit", code: 130 }];
  } else if (ev.name === "char" && (ev.text === "1" || ev.text === "y")) return answer(state, "trusted");
  else if (ev.name === "char" && (ev.text === "2" || ev.text === "n")) return answer(state, "untrusted");
  else if (ev.name === "enter") return answer(state, trust.selected === 0 ? "trusted" : "untrusted");
  else if (ev.name === "escape") return answer(state, null);
  return [];
}
