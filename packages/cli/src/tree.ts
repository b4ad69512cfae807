/**
 * The `codex` command tree: every subcommand and option, with Codex CLI's names and aliases.
 * Commands this build does not have yet are `hidden`: left out of --help and completions, but
 * still parsed, so typing one says plainly that it is not built (commands/not-built.ts).
 */
import { type CommandSpec, commandArgs, type OptionSpec, type PositionalSpec } from "./args/spec.ts";
import { EXEC } from "./tree/exec.ts";
import { MCP_COMMANDS } from "./tree/mcp.ts";
import {
  ALL_SESSIONS,
  CONFIG,
  INCLUDE_NON_INTERACTIVE,
  LAST,
  PROMPT,
  REVIEW_PROMPT,
  REVIEW_TARGET,
  SESSION_ID,
  STRICT_CONFIG,
  TUI_OPTIONS,
} from "./tree/session-options.ts";
import { UNSUPPORTED_COMMANDS } from "./tree/unsupported.ts";

const FEATURE: PositionalSpec = {
  name: "FEATURE",
  help: "Feature key to update (for example: view_image)",
  required: true,
};

const sandboxFullAuto: OptionSpec = {
  long: "full-auto",
  help: "Convenience alias for low-friction sandboxed automatic execution (network-disabled sandbox that can write to cwd and TMPDIR)",
};

export const CODEX: CommandSpec = {
  name: "codex",
  about: "Codex CLI",
  details: "If no subcommand is specified, options will be forwarded to the interactive CLI.",
  version: true,
  options: TUI_OPTIONS,
  positionals: [PROMPT],
  subcommands: [
    EXEC,
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
    ...MCP_COMMANDS,
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
