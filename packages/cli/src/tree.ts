/**
 * The `codex` command tree: every subcommand and option, with Codex CLI's names and aliases.
 * Commands this build does not have yet are `hidden`: left out of --help and completions, but
 * still parsed, so typing one says plainly that it is not built (commands/not-built.ts).
 */
import { APPROVAL_POLICIES, SANDBOX_MODES } from "@codex/protocol";
import type { CommandSpec, OptionSpec, PositionalSpec } from "./args/spec.ts";
import { UNSUPPORTED_COMMANDS } from "./unsupported-commands.ts";

const CONFIG: OptionSpec[] = [
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
const STRICT_CONFIG: OptionSpec = {
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
      'Only run "trusted" commands (e.g. ls, cat, sed) without asking for user approval. Will escalate to the user if the model proposes a command that is not in the "trusted" set',
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

const PROMPT: PositionalSpec = { name: "PROMPT", help: "Optional user prompt to start the session" };
const TUI_OPTIONS: OptionSpec[] = [
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

const EXEC_OPTIONS: OptionSpec[] = [
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

const SESSION_ID: PositionalSpec = {
  name: "SESSION_ID",
  help: "Conversation/session id (UUID). When provided, resumes this session. If omitted, use --last to pick the most recent recorded session",
};
const LAST: OptionSpec = {
  long: "last",
  help: "Continue the most recent session without showing the picker",
};
const ALL_SESSIONS: OptionSpec = {
  long: "all",
  help: "Show all sessions (disables cwd filtering and shows CWD column)",
};
const INCLUDE_NON_INTERACTIVE: OptionSpec = {
  long: "include-non-interactive",
  help: "Include non-interactive sessions in the resume picker and --last selection",
};

const REVIEW_TARGET: OptionSpec[] = [
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
const REVIEW_PROMPT: PositionalSpec = {
  name: "PROMPT",
  help: "Custom review instructions. If `-` is used, read from stdin",
};

const commandArgs = (help: string): PositionalSpec => ({ name: "COMMAND", help, trailing: true });
const FEATURE: PositionalSpec = {
  name: "FEATURE",
  help: "Feature key to update (for example: view_image)",
  required: true,
};

const sandboxFullAuto: OptionSpec = {
  long: "full-auto",
  help: "Convenience alias for low-friction sandboxed automatic execution (network-disabled sandbox that can write to cwd and TMPDIR)",
};

const exec: CommandSpec = {
  name: "exec",
  aliases: ["e"],
  about: "Run Codex non-interactively",
  version: true,
  options: EXEC_OPTIONS,
  positionals: [
    {
      name: "PROMPT",
      help: "Initial instructions for the agent. If not provided as an argument (or if `-` is used), instructions are read from stdin. If stdin is piped and a prompt is also provided, stdin is appended as a `<stdin>` block",
    },
  ],
  subcommands: [
    {
      name: "resume",
      about: "Resume a previous session by id or pick the most recent with --last",
      options: [LAST, ALL_SESSIONS, ...EXEC_OPTIONS.filter((o) => !o.global)],
      positionals: [
        SESSION_ID,
        {
          name: "PROMPT",
          help: "Prompt to send after resuming the session. If `-` is used, read from stdin",
        },
      ],
    },
    {
      name: "fork",
      about: "Fork a previous session by id into a new session",
      options: EXEC_OPTIONS.filter((o) => !o.global),
      positionals: [
        { name: "SESSION_ID", help: "Conversation/session id (UUID) to fork", required: true },
        { name: "PROMPT", help: "Prompt to send after forking. If `-` is used, read from stdin" },
      ],
    },
    {
      name: "undo",
      about:
        "Undo the last turn of a session: put back the files it changed and drop it from the conversation",
      options: [
        { long: "last", help: "Undo in the most recent session of this directory" },
        ALL_SESSIONS,
        ...EXEC_OPTIONS.filter((o) => o.long === "strict-config"),
      ],
      positionals: [{ name: "SESSION_ID", help: "Conversation/session id (UUID) whose last turn to undo" }],
    },
    {
      name: "review",
      about: "Run a code review against the current repository",
      options: [...REVIEW_TARGET, ...EXEC_OPTIONS.filter((o) => !o.global && o.long !== "image")],
      positionals: [REVIEW_PROMPT],
    },
  ],
};

export const CODEX: CommandSpec = {
  name: "codex",
  about: "Codex CLI",
  details: "If no subcommand is specified, options will be forwarded to the interactive CLI.",
  version: true,
  options: TUI_OPTIONS,
  positionals: [PROMPT],
  subcommands: [
    exec,
    {
      name: "login",
      about: "Manage login",
      options: [
        {
          long: "with-api-key",
          help: "Read the API key from stdin (e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`)",
        },
        {
          long: "device-auth",
          help: "Sign in with ChatGPT using a device code (for machines without a browser, e.g. over ssh)",
        },
        { long: "api-key", value: "API_KEY", hidden: true, help: "(deprecated) use --with-api-key" },
        {
          long: "experimental_issuer",
          value: "URL",
          hidden: true,
          help: "Sign-in service to use instead of https://auth.openai.com (both flows)",
        },
        {
          long: "experimental_client-id",
          value: "CLIENT_ID",
          hidden: true,
          help: "OAuth client id to use instead of Codex CLI's",
        },
      ],
      positionals: [],
      subcommands: [{ name: "status", about: "Show login status", options: [], positionals: [] }],
    },
    { name: "logout", about: "Remove stored authentication credentials", options: [], positionals: [] },
    {
      name: "mcp",
      about: "[experimental] Manage MCP servers",
      subcommandRequired: true,
      options: [],
      positionals: [],
      subcommands: [
        {
          name: "list",
          about: "[experimental] List configured MCP servers",
          options: [{ long: "json", help: "Output the configured servers as JSON" }],
          positionals: [],
        },
        {
          name: "get",
          about: "[experimental] Show details for a configured MCP server",
          options: [{ long: "json", help: "Output the server configuration as JSON" }],
          positionals: [{ name: "NAME", help: "Name of the MCP server to display", required: true }],
        },
        {
          name: "add",
          about: "[experimental] Add a global MCP server entry",
          options: [
            {
              long: "env",
              value: "KEY=VALUE",
              multiple: true,
              help: "Environment variables to set when launching the server. Only valid with stdio servers",
            },
            { long: "url", value: "URL", help: "URL for a streamable HTTP MCP server" },
            {
              long: "bearer-token-env-var",
              value: "ENV_VAR",
              help: "Optional environment variable to read for a bearer token. Only valid with streamable HTTP servers",
            },
          ],
          positionals: [
            { name: "NAME", help: "Name for the MCP server configuration", required: true },
            commandArgs(
              "Command to launch the MCP server (after `--`). Use --url for a streamable HTTP server",
            ),
          ],
        },
        {
          name: "remove",
          about: "[experimental] Remove a global MCP server entry",
          options: [],
          positionals: [
            { name: "NAME", help: "Name of the MCP server configuration to remove", required: true },
          ],
        },
        {
          name: "login",
          about: "[experimental] Authenticate with a configured MCP server via OAuth (not built yet)",
          options: [],
          positionals: [{ name: "NAME", help: "Name of the MCP server", required: true }],
          hidden: true,
        },
        {
          name: "logout",
          about: "[experimental] Remove stored OAuth credentials for a server (not built yet)",
          options: [],
          positionals: [{ name: "NAME", help: "Name of the MCP server", required: true }],
          hidden: true,
        },
      ],
    },
    {
      name: "mcp-server",
      about: "[experimental] Run the Codex MCP server (stdio transport) (not built yet)",
      options: [],
      positionals: [],
      hidden: true,
    },
    {
      name: "app-server",
      about: "[experimental] Run the app server or related tooling",
      options: [
        {
          long: "listen",
          value: "URL",
          default: "stdio://",
          help: "Transport endpoint URL. Supported values: `stdio://` (default)",
        },
        { long: "stdio", help: "Use stdio as the transport (equivalent to `--listen stdio://`)" },
        {
          long: "analytics-default-enabled",
          help: "Accepted for compatibility with IDE extensions; this build sends no analytics",
        },
      ],
      positionals: [],
      subcommands: [
        {
          name: "generate-ts",
          about: "[experimental] Generate TypeScript bindings for the app server protocol (not built yet)",
          options: [{ long: "out", short: "o", value: "DIR", help: "Output directory" }],
          positionals: [],
          hidden: true,
        },
        {
          name: "generate-json-schema",
          about: "[experimental] Generate JSON Schema for the app server protocol (not built yet)",
          options: [{ long: "out", short: "o", value: "DIR", help: "Output directory" }],
          positionals: [],
          hidden: true,
        },
      ],
      hidden: true,
    },
    {
      name: "completion",
      about: "Generate shell completion scripts",
      options: [],
      positionals: [
        {
          name: "SHELL",
          help: "Shell to generate completions for",
          possible: ["bash", "elvish", "fish", "powershell", "zsh"],
          default: "bash",
        },
      ],
    },
    {
      name: "sandbox",
      aliases: ["debug"],
      about: "Run commands within a Codex-provided sandbox",
      options: [{ long: "probe", help: "Report which sandbox this host supports and why, then exit" }],
      positionals: [],
      subcommands: [
        {
          name: "macos",
          aliases: ["seatbelt"],
          about: "Run a command under Seatbelt (macOS only)",
          options: [sandboxFullAuto],
          positionals: [commandArgs("Full command args to run under seatbelt")],
        },
        {
          name: "linux",
          aliases: ["landlock"],
          about: "Run a command under the Linux sandbox (bubblewrap or Landlock+seccomp)",
          options: [sandboxFullAuto],
          positionals: [commandArgs("Full command args to run under the Linux sandbox")],
        },
      ],
    },
    {
      name: "execpolicy",
      about: "Execpolicy tooling",
      // Hidden from --help, as in 0.169 (it works all the same).
      hidden: true,
      subcommandRequired: true,
      options: [],
      positionals: [],
      subcommands: [
        {
          name: "check",
          about: "Check execpolicy files against a command",
          options: [
            {
              long: "rules",
              short: "r",
              value: "PATH",
              multiple: true,
              help: "Paths to execpolicy rule files to evaluate (repeatable)",
            },
            { long: "pretty", help: "Pretty-print the JSON output" },
            {
              long: "resolve-host-executables",
              help: "Resolve absolute program paths against basename rules, gated by any `host_executable()` definitions in the loaded policy files",
            },
          ],
          positionals: [
            {
              name: "COMMAND",
              help: "Command tokens to check against the policy",
              trailing: true,
              required: true,
            },
          ],
        },
      ],
    },
    {
      name: "apply",
      aliases: ["a"],
      about:
        "Apply the latest diff produced by Codex agent as a `git apply` to your local working tree (needs Codex Cloud, not in this build)",
      options: [],
      positionals: [{ name: "TASK_ID", help: "", required: true }],
      hidden: true,
    },
    {
      name: "resume",
      about:
        "Resume a previous interactive session (picker by default; use --last to continue the most recent)",
      version: true,
      options: [LAST, ALL_SESSIONS, INCLUDE_NON_INTERACTIVE, ...TUI_OPTIONS.filter((o) => !o.global)],
      positionals: [SESSION_ID, PROMPT],
    },
    {
      name: "fork",
      about:
        "Fork a previous interactive session into a new one (picker by default; use --last to fork the most recent)",
      version: true,
      options: [LAST, ALL_SESSIONS, INCLUDE_NON_INTERACTIVE, ...TUI_OPTIONS.filter((o) => !o.global)],
      positionals: [
        {
          name: "SESSION_ID",
          help: "Conversation/session id (UUID). When provided, forks this session. If omitted, use --last to pick the most recent recorded session",
        },
        PROMPT,
      ],
    },
    {
      name: "cloud",
      aliases: ["cloud-tasks"],
      about: "[EXPERIMENTAL] Browse tasks from Codex Cloud and apply changes locally",
      options: [],
      positionals: [],
      hidden: true,
    },
    {
      name: "features",
      about: "Inspect feature flags",
      subcommandRequired: true,
      options: [],
      positionals: [],
      subcommands: [
        {
          name: "list",
          about: "List known features with their stage and effective state",
          options: [],
          positionals: [],
        },
        {
          name: "enable",
          about: "Enable a feature in config.toml",
          options: [],
          positionals: [FEATURE],
        },
        {
          name: "disable",
          about: "Disable a feature in config.toml",
          options: [],
          positionals: [FEATURE],
        },
      ],
    },
    {
      name: "doctor",
      about: "Diagnose local Codex installation, config, auth, and runtime health",
      options: [
        { long: "json", help: "Emit a machine-readable report" },
        { long: "network-only", help: "Only run the config and model provider checks" },
        { long: "summary", help: "Only show the check rows and the final count summary" },
        { long: "all", help: "Expand long lists in detailed human output" },
        { long: "no-color", help: "Disable ANSI color in human output" },
        { long: "ascii", help: "Use ASCII status labels and separators in human output" },
      ],
      positionals: [],
    },
    {
      name: "review",
      about: "Run a code review non-interactively",
      options: [
        ...CONFIG,
        STRICT_CONFIG,
        ...REVIEW_TARGET,
        {
          long: "trust",
          help: "Save trust for this project and future chats, so that its .codex/config.toml is read. Does not override an explicitly untrusted project",
        },
      ],
      positionals: [REVIEW_PROMPT],
    },
    ...UNSUPPORTED_COMMANDS,
  ],
};
