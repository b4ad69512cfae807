/** /status: the session's model, provider, folder, policies, id and token use, as labelled fields. */
import { contextLeftPercent, pushCell } from "../state/reducer.ts";
import type { UiState } from "../ui/state.ts";
import { shortenPath } from "../views/cell-view.ts";
import { tokenUsageSummary } from "../views/token-usage.ts";
import type { CommandDefaults, SlashCommand } from "./command.ts";

function statusFields(state: UiState, defaults: CommandDefaults): Array<[string, string]> {
  const t = state.transcript;
  const s = t.session;
  const total = t.tokens?.total_token_usage;
  const window = t.contextWindow;
  const fields: Array<[string, string]> = [
    ["Model:", `${s?.model ?? defaults.model}${s?.effort ? ` (reasoning ${s.effort})` : ""}`],
    ["Provider:", s?.provider ?? defaults.provider],
    ["Directory:", shortenPath(s?.cwd ?? defaults.cwd)],
    ["Approval:", s?.approval ?? defaults.approval],
    ["Sandbox:", s?.sandbox ?? defaults.sandbox],
  ];
  if (s) fields.push(["Session:", s.sessionId]);
  fields.push(["Tokens:", total ? tokenUsageSummary(total) : "none used yet"]);
  const pct = t.tokens && window ? contextLeftPercent(t) : null;
  fields.push([
    "Context left:",
    `${pct === null ? "unknown" : `${pct}%`}${window ? ` of ${window} tokens` : ""}`,
  ]);
  return fields;
}

export const statusCommand: SlashCommand = {
  name: "status",
  description: "show current session configuration and token usage",
  availableDuringTask: true,
  run(state, _args, defaults) {
    pushCell(state.transcript, { kind: "fields", title: "/status", fields: statusFields(state, defaults) });
    return [];
  },
};
