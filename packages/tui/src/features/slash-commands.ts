/** The built-in slash commands and custom prompts, as the popup lists them. */

export type SlashCommandName =
  | "model"
  | "approvals"
  | "new"
  | "init"
  | "compact"
  | "diff"
  | "mention"
  | "status"
  | "mcp"
  | "logout"
  | "quit"
  | "exit";

export type SlashCommand = { name: SlashCommandName; description: string; availableDuringTask: boolean };

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: "model", description: "choose what model and reasoning effort to use", availableDuringTask: false },
  { name: "approvals", description: "choose what Codex can do without approval", availableDuringTask: false },
  { name: "new", description: "start a new chat during a conversation", availableDuringTask: false },
  {
    name: "init",
    description: "create an AGENTS.md file with instructions for Codex",
    availableDuringTask: false,
  },
  {
    name: "compact",
    description: "summarize conversation to prevent hitting the context limit",
    availableDuringTask: false,
  },
  { name: "diff", description: "show git diff (including untracked files)", availableDuringTask: true },
  { name: "mention", description: "mention a file", availableDuringTask: true },
  {
    name: "status",
    description: "show current session configuration and token usage",
    availableDuringTask: true,
  },
  { name: "mcp", description: "list configured MCP tools", availableDuringTask: true },
  { name: "logout", description: "log out of Codex", availableDuringTask: false },
  { name: "quit", description: "exit Codex", availableDuringTask: true },
  { name: "exit", description: "exit Codex", availableDuringTask: true },
];

/** Parses `/name rest` from the composer text. */
export function parseSlash(text: string): { name: string; args: string } | null {
  const m = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1] ?? "", args: (m[2] ?? "").trim() } : null;
}

export function findCommand(name: string): SlashCommand | undefined {
  return SLASH_COMMANDS.find((c) => c.name === name);
}

/** The prompt /init sends (asks the agent to write AGENTS.md). */
export const INIT_PROMPT = `Generate a file named AGENTS.md that serves as a contributor guide for this repository.
Your goal is to produce a clear, concise, and well-structured document with descriptive headings and actionable explanations for each section.
Follow the outline below, but adapt as needed - add sections if relevant, and omit those that do not apply to this project.

Document Requirements
- Title the document "Repository Guidelines".
- Use Markdown headings (#, ##, etc.) for structure.
- Keep the document concise. 200-400 words is optimal.
- Keep explanations short, direct, and specific to this repository.
- Provide examples where helpful (commands, directory paths, naming patterns).
- Maintain a professional, instructional tone.

Recommended Sections
Project Structure & Module Organization
- Outline the project structure, including where the source code, tests, and assets are located.
Build, Test, and Development Commands
- List key commands for building, testing, and running locally, with a one-line explanation of each.
Coding Style & Naming Conventions
- Specify indentation rules, language-specific style preferences, and naming patterns.
Testing Guidelines
- Identify testing frameworks and coverage requirements; state test naming conventions and how to run tests.
Commit & Pull Request Guidelines
- Summarize commit message conventions and pull request requirements.
`;
