/**
 * The built-in slash commands, in the order the popup lists them (Codex's order). To add one,
 * add an entry here: simple ones inline, larger ones in a file of their own beside this one.
 */
import type { SkillInfo } from "@codex/protocol";
import { pushCell } from "../state/reducer.ts";
import { approvalsCommand } from "./approvals.ts";
import type { SlashCommand } from "./command.ts";
import { hooksCommand } from "./hooks.ts";
import { modelCommand } from "./model.ts";
import { notice } from "./notice.ts";
import { statusCommand } from "./status.ts";

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  modelCommand,
  approvalsCommand,
  {
    name: "new",
    description: "start a new chat during a conversation",
    availableDuringTask: false,
    run: (state) => {
      notice(state, "info", "Starting a new conversation");
      return [{ type: "new-session" }];
    },
  },
  {
    name: "init",
    description: "create an AGENTS.md file with instructions for Codex",
    availableDuringTask: false,
    run: () => [{ type: "init-agents-md" }],
  },
  {
    name: "compact",
    description: "summarize conversation to prevent hitting the context limit",
    availableDuringTask: false,
    run: () => [{ type: "submit", op: { type: "compact" } }],
  },
  {
    name: "diff",
    description: "show git diff (including untracked files)",
    availableDuringTask: true,
    run: () => [{ type: "show-diff" }],
  },
  {
    name: "mention",
    description: "mention a file",
    availableDuringTask: true,
    run: ({ composer }) => {
      composer.insert(composer.isEmpty() || composer.text.endsWith(" ") ? "@" : " @");
      return [];
    },
  },
  statusCommand,
  hooksCommand,
  {
    name: "mcp",
    description: "list configured MCP tools",
    availableDuringTask: true,
    run: () => [{ type: "submit", op: { type: "list_mcp_tools" } }],
  },
  {
    name: "skills",
    description: "list the skills Codex can use ($name mentions one)",
    availableDuringTask: true,
    run: (state) => {
      pushCell(state.transcript, { kind: "text", title: "/skills", body: skillLines(state.skills) });
      return [];
    },
  },
  {
    name: "ps",
    description: "list background terminals",
    availableDuringTask: true,
    run: () => [{ type: "submit", op: { type: "list_background_terminals" } }],
  },
  {
    name: "stop",
    description: "stop all background terminals",
    availableDuringTask: true,
    run: () => [{ type: "submit", op: { type: "clean_background_terminals" } }],
  },
  {
    name: "logout",
    description: "log out of Codex",
    availableDuringTask: false,
    run: () => [{ type: "logout" }],
  },
  {
    name: "quit",
    description: "exit Codex",
    availableDuringTask: true,
    run: () => [{ type: "quit", code: 0 }],
  },
  {
    name: "exit",
    description: "exit Codex",
    availableDuringTask: true,
    run: () => [{ type: "quit", code: 0 }],
  },
];

/** One line per skill (name, description, and where it comes from when it is the user's). */
function skillLines(skills: readonly SkillInfo[]): string[] {
  if (skills.length === 0)
    return [
      "No skills found. A skill is a folder with a SKILL.md; docs/tools.md says where Codex looks for them.",
    ];
  return skills.map((s) => `• ${s.name}  ${s.description}${s.scope === "user" ? "  (user)" : ""}`);
}

export function findCommand(name: string): SlashCommand | undefined {
  return SLASH_COMMANDS.find((c) => c.name === name);
}
