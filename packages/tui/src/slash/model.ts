/**
 * /model [MODEL [EFFORT]]: with arguments, switches at once; without, opens the preset picker.
 * The session confirms with `turn_context_changed`, from which the footer and /status are drawn.
 */
import type { ReasoningEffort } from "@codex/protocol";
import { REASONING_EFFORTS } from "@codex/protocol";
import { modelChoices } from "../features/session-presets.ts";
import type { UiEffect } from "../ui/effects.ts";
import type { UiState } from "../ui/state.ts";
import type { SlashCommand } from "./command.ts";
import { notice } from "./notice.ts";

function switchModel(state: UiState, model: string, effort: ReasoningEffort | null): UiEffect[] {
  notice(state, "info", `Model changed to ${model}${effort ? ` ${effort}` : ""}`);
  return [{ type: "submit", op: { type: "override_turn_context", model, effort } }];
}

export const modelCommand: SlashCommand = {
  name: "model",
  description: "choose what model and reasoning effort to use",
  availableDuringTask: false,
  run(state, args) {
    if (args) {
      const [model, effort] = args.split(/\s+/);
      if (effort && !(REASONING_EFFORTS as readonly string[]).includes(effort)) {
        notice(state, "error", `Unknown reasoning effort '${effort}'; use ${REASONING_EFFORTS.join(", ")}.`);
        return [];
      }
      return switchModel(state, model ?? "", (effort as ReasoningEffort | undefined) ?? null);
    }
    const { presets, current } = modelChoices(state.transcript.session);
    state.picker = {
      title: "Select model and reasoning effort",
      rows: presets.map((p, i) => ({
        label: `${i + 1}. ${p.model}${p.effort ? ` ${p.effort}` : ""}${i === current ? " (current)" : ""}`,
      })),
      selected: Math.max(0, current),
      choose: (s, i) => {
        const p = presets[i];
        return p ? switchModel(s, p.model, p.effort) : [];
      },
    };
    return [];
  },
};
