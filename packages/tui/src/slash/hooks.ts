/**
 * /hooks: the review of the hooks declared for this directory (as 0.169's /hooks). Each row shows
 * the event, matcher and command and whether it is trusted; choosing an untrusted one trusts it
 * as it is now. Hooks load when a session starts, so a newly trusted hook runs from the next one.
 */
import type { HookReviewEntry } from "@codex/core";
import type { UiEffect } from "../ui/effects.ts";
import type { UiState } from "../ui/state.ts";
import type { SlashCommand } from "./command.ts";
import { notice } from "./notice.ts";

export const hooksCommand: SlashCommand = {
  name: "hooks",
  description: "review hooks and trust the ones that may run",
  availableDuringTask: false,
  run: () => [{ type: "review-hooks" }],
};

/** Opens the review picker on `entries` (read by the app). */
export function openHooksReview(state: UiState, entries: readonly HookReviewEntry[]): UiEffect[] {
  if (entries.length === 0) {
    notice(
      state,
      "info",
      "No hooks are declared: add them to hooks.json or a [hooks] table in your Codex config, or in a trusted project's.",
    );
    return [];
  }
  state.picker = {
    title: "Hooks — choose one to trust it as it is now",
    rows: entries.map((e) => ({
      label: `${e.trusted ? "trusted  " : "untrusted"} ${e.event}${e.matcher ? ` (${e.matcher})` : ""}: ${e.command}`,
      description: e.source,
    })),
    selected: Math.max(
      0,
      entries.findIndex((e) => !e.trusted),
    ),
    choose: (s, i) => {
      const entry = entries[i];
      if (!entry) return [];
      if (entry.trusted) {
        notice(s, "info", `Already trusted: ${entry.command}`);
        return [];
      }
      return [{ type: "trust-hook", key: entry.key, hash: entry.hash, command: entry.command }];
    },
  };
  return [];
}
