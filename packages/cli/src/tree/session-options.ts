/**
 * The options of the commands that run a session: the interactive `codex`, `codex exec`, and
 * their resume, fork and review forms. They are shared, so a flag means the same everywhere.
 */
import { APPROVAL_POLICIES, SANDBOX_MODES } from "@codex/protocol";
import type { OptionSpec, PositionalSpec } from "../args/spec.ts";

export const CONFIG: OptionSpec[] = [
  {
    long: "config",
    short: "c",
    value: "key=value",
    multiple: true,
    global: true,
    help: 'Override a configuration value that would otherwise be loaded from `~/.codex/config.toml`. Use a dotted path (`foo.bar.baz`) to override nested values. The `value` portion is parsed as TOML. If it fails to parse as TOML, the raw string is used as a literal.\n\nExamples: - `-c model="o3"` - `-c \'sandbox_workspace_write.writable_roots=["/tmp/out"]\'` - `-c shell_environment_policy.inherit=all`',
  },
  {
    long: "enable",
    value: "FEATURE",
    multiple: true,
    global: true,
    help: "Enable a feature (repeatable). Equivalent to `-c features.<name>=true`",
  },
  {
    long: "disable",
    value: "FEATURE",
    multiple: true,
    global: true,
    help: "Disable a feature (repeatable). Equivalent to `-c features.<name>=false`",
  },
];

const IMAGE: OptionSpec = {
  long: "image",
  short: "i",
  value: "FILE",
  multiple: true,
  commaSeparated: true,
  help: "Optional image(s) to attach to the initial prompt",
};
const MODEL: OptionSpec = { long: "model", short: "m", value: "MODEL", help: "Model the agent should use" };
const OSS: OptionSpec = {
  long: "oss",
  help: "Convenience flag to select the local open source model provider. Equivalent to -c model_provider=oss; uses a local Ollama server",
};
const PROFILE: OptionSpec = {
  long: "profile",
  short: "p",
  value: "CONFIG_PROFILE_V2",
  check: (name) =>
    /^[A-Za-z0-9_-]+$/.test(name)
      ? null
      : `invalid --profile value \`${name}\`; pass a plain name such as \`work\``,
  help: "Layer $CODEX_HOME/<name>.config.toml on top of the base user config (the legacy [profiles.<name>] table of config.toml is read too)",
};
export const STRICT_CONFIG: OptionSpec = {
  long: "strict-config",
  help: "Error out when config.toml contains fields that are not recognized by this version of Codex",
};
const ADD_DIR: OptionSpec = {
  long: "add-dir",
  value: "DIR",
  multiple: true,
  help: "Additional directories that should be writable alongside the primary workspace",
};
const NO_ALT_SCREEN: OptionSpec = {
  long: "no-alt-screen",
  help: "Disable alternate screen mode\n\nThis TUI always runs inline, preserving terminal scrollback history; the flag is accepted for compatibility.",
};
const SANDBOX: OptionSpec = {
  long: "sandbox",
  short: "s",
  value: "SANDBOX_MODE",
  possible: SANDBOX_MODES,
  help: "Select the sandbox policy to use when executing model-generated shell commands",
};
const APPROVAL: OptionSpec = {
  long: "ask-for-approval",
  short: "a",
  value: "APPROVAL_POLICY",
  possible: APPROVAL_POLICIES,
  possibleHelp: {
    untrusted:
      "Ask for user approval before running any command (ls and echo included), unless one of your rules (rules/*.rules) allows it",
    "on-failure":
      "Run all commands without asking for user approval. Only asks for approval if a command fails to execute, in which case it will escalate to the user to ask for un-sandboxed execution",
    "on-request": "The model decides when to ask the user for approval",
    never: "Never ask for user approval. Execution failures are immediately returned to the model",
  },
  help: "Configure when the model requires human approval before executing a command",
};
const FULL_AUTO: OptionSpec = {
  long: "full-auto",
  help: "Convenience alias for low-friction sandboxed automatic execution (-a on-failure, --sandbox workspace-write)",
};
const YOLO: OptionSpec = {
  long: "dangerously-bypass-approvals-and-sandbox",
  visibleAliases: ["yolo"],
  conflicts: ["ask-for-approval", "full-auto"],
  help: "Skip all confirmation prompts and execute commands without sandboxing. EXTREMELY DANGEROUS. Intended solely for running in environments that are externally sandboxed",
};
const BYPASS_HOOK_TRUST: OptionSpec = {
  long: "dangerously-bypass-hook-trust",
  help: "Run enabled hooks without requiring persisted hook trust for this invocation. DANGEROUS. Intended only for automation that already vets hook sources",
};
const CD: OptionSpec = {
  long: "cd",
  short: "C",
  value: "DIR",
  help: "Tell the agent to use the specified directory as its working root",
};
const SEARCH: OptionSpec = {
  long: "search",
  help: "Enable live web search. When enabled, the native Responses `web_search` tool is available to the model (no per-call approval)",
};

export const PROMPT: PositionalSpec = { name: "PROMPT", help: "Optional user prompt to start the session" };
export const TUI_OPTIONS: OptionSpec[] = [
  ...CONFIG,
  STRICT_CONFIG,
  IMAGE,
  MODEL,
  OSS,
  PROFILE,
  SANDBOX,
  APPROVAL,
  FULL_AUTO,
  YOLO,
  BYPASS_HOOK_TRUST,
  CD,
  ADD_DIR,
  SEARCH,
  NO_ALT_SCREEN,
];

export const EXEC_OPTIONS: OptionSpec[] = [
  ...CONFIG,
  STRICT_CONFIG,
  IMAGE,
  MODEL,
  OSS,
  SANDBOX,
  PROFILE,
  FULL_AUTO,
  YOLO,
  BYPASS_HOOK_TRUST,
  CD,
  ADD_DIR,
  SEARCH,
  { long: "skip-git-repo-check", help: "Allow running Codex outside a Git repository" },
  {
    long: "trust",
    help: "Save trust for this project and future chats, so that its .codex/config.toml is read. Persists even with --ephemeral. Does not override an explicitly untrusted project",
  },
  { long: "ephemeral", help: "Run without persisting session files to disk" },
  { long: "ignore-rules", help: "Do not load user or project execpolicy `.rules` files" },
  {
    long: "output-schema",
    value: "FILE",
    help: "Path to a JSON Schema file describing the model's final response shape",
  },
  {
    long: "color",
    value: "COLOR",
    possible: ["always", "never", "auto"],
    default: "auto",
    help: "Specifies color settings for use in the output",
  },
  { long: "json", aliases: ["experimental-json"], help: "Print events to stdout as JSONL" },
  { long: "include-plan-tool", help: "Whether to include the plan tool in the conversation" },
  {
    long: "output-last-message",
    short: "o",
    value: "FILE",
    help: "Specifies file where the last message from the agent should be written",
  },
];

export const SESSION_ID: PositionalSpec = {
  name: "SESSION_ID",
  help: "Conversation/session id (UUID). When provided, resumes this session. If omitted, use --last to pick the most recent recorded session",
};
export const LAST: OptionSpec = {
  long: "last",
  help: "Continue the most recent session without showing the picker",
};
export const ALL_SESSIONS: OptionSpec = {
  long: "all",
  help: "Show all sessions (disables cwd filtering and shows CWD column)",
};
export const INCLUDE_NON_INTERACTIVE: OptionSpec = {
  long: "include-non-interactive",
  help: "Include non-interactive sessions in the resume picker and --last selection",
};

export const REVIEW_TARGET: OptionSpec[] = [
  {
    long: "uncommitted",
    conflicts: ["base", "commit"],
    help: "Review staged, unstaged, and untracked changes",
  },
  {
    long: "base",
    value: "BRANCH",
    conflicts: ["commit"],
    help: "Review changes against the given base branch",
  },
  { long: "commit", value: "SHA", help: "Review the changes introduced by a commit" },
  { long: "title", value: "TITLE", help: "Optional commit title to display in the review summary" },
];
export const REVIEW_PROMPT: PositionalSpec = {
  name: "PROMPT",
  help: "Custom review instructions. If `-` is used, read from stdin",
};
