/** Runs a slash command typed in the composer: a built-in, or `/prompts:<name>` (a custom prompt). */
import { expandPrompt, PROMPTS_PREFIX } from "../features/custom-prompts.ts";
import type { UiEffect } from "../ui/effects.ts";
import { type SendOptions, sendUserMessage } from "../ui/send.ts";
import type { UiState } from "../ui/state.ts";
import type { CommandDefaults } from "./command.ts";
import { findCommand } from "./commands.ts";
import { notice } from "./notice.ts";

/** Parses `/name rest` from the composer text. */
function parseSlash(text: string): { name: string; args: string } | null {
  const m = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1] ?? "", args: (m[2] ?? "").trim() } : null;
}

export type SlashContext = { defaults: CommandDefaults; send: SendOptions };

export function runSlashCommand(state: UiState, text: string, ctx: SlashContext): UiEffect[] {
  const parsed = parseSlash(text);
  if (!parsed) return [];
  if (parsed.name.startsWith(`${PROMPTS_PREFIX}:`)) {
    const name = parsed.name.slice(PROMPTS_PREFIX.length + 1);
    const prompt = state.prompts.find((p) => p.name === name);
    if (!prompt) {
      notice(state, "error", `Unknown custom prompt '${name}'; type /${PROMPTS_PREFIX}: to list yours.`);
      return [];
    }
    return sendUserMessage(state, expandPrompt(prompt, parsed.args), [], ctx.send);
  }
  const command = findCommand(parsed.name);
  if (!command) {
    notice(
      state,
      "error",
      `Unrecognized command '/${parsed.name}'. Type "/" for a list of supported commands.`,
    );
    return [];
  }
  if (state.transcript.running && !command.availableDuringTask) {
    notice(state, "error", `'/${command.name}' is disabled while a task is in progress.`);
    return [];
  }
  return command.run(state, parsed.args, ctx.defaults);
}
