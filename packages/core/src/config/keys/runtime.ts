/** Keys about the sandbox, tools, MCP servers, projects and the front ends. */
import { SANDBOX_MODES } from "@codex/protocol";
import {
  alias,
  anyValue,
  bool,
  enumOf,
  honoured,
  inert,
  mapOf,
  num,
  oneOf,
  paths,
  str,
  stringMap,
  strings,
  table,
  uint,
  unsupported,
} from "../declare.ts";
import { PERMISSIONS_KEYS } from "./permissions.ts";

export const MCP_SERVER_KEYS = {
  command: honoured(str, { doc: "stdio server: the program" }),
  args: honoured(strings, { doc: "stdio server: its arguments", default: [] }),
  env: honoured(stringMap, { doc: "stdio server: environment to set" }),
  env_vars: honoured(strings, {
    doc: "stdio server: variables passed through from the environment",
    default: [],
  }),
  cwd: honoured(str, { doc: "stdio server: working directory" }),
  url: honoured(str, { doc: "streamable HTTP server: its URL" }),
  bearer_token_env_var: honoured(str, { doc: "HTTP server: environment variable holding a bearer token" }),
  http_headers: honoured(stringMap, { doc: "HTTP server: extra headers" }),
  env_http_headers: honoured(stringMap, { doc: "HTTP server: header -> environment variable" }),
  enabled: honoured(bool, { doc: "false skips the server", default: true }),
  startup_timeout_sec: honoured(num, {
    doc: "start-up (initialize + tools/list) timeout, seconds",
    default: 10,
  }),
  startup_timeout_ms: honoured(uint, { doc: "the same in milliseconds (wins over `startup_timeout_sec`)" }),
  tool_timeout_sec: honoured(num, { doc: "per tool call timeout, seconds", default: 60 }),
  enabled_tools: honoured(strings, { doc: "allow-list of tool names" }),
  disabled_tools: honoured(strings, { doc: "deny-list, applied after `enabled_tools`", default: [] }),
  required: unsupported("a failed server never stops the session here"),
  scopes: unsupported("MCP OAuth is not built yet"),
  oauth_resource: unsupported("MCP OAuth is not built yet"),
  oauth: unsupported("MCP OAuth is not built yet"),
  tools: unsupported("per-tool approval modes are not supported"),
  default_tools_approval_mode: unsupported("per-tool approval modes are not supported"),
  supports_parallel_tool_calls: unsupported("tool calls run one at a time"),
  environment_id: unsupported("remote exec environments are not supported"),
  name: inert("a legacy display name; the table's key is the name"),
  bearer_token: unsupported("put the token in an environment variable and name it in `bearer_token_env_var`"),
} as const;

const WEB_SEARCH_TOOL_KEYS = {
  context_size: honoured(enumOf(["low", "medium", "high"]), { doc: "sent as `search_context_size`" }),
  allowed_domains: honoured(strings, { doc: "sent as `filters.allowed_domains`" }),
  location: honoured(
    table({
      city: honoured(str, { doc: "city" }),
      country: honoured(str, { doc: "two-letter country code" }),
      region: honoured(str, { doc: "region" }),
      timezone: honoured(str, { doc: "IANA time zone" }),
    }),
    { doc: "sent as `user_location`" },
  ),
} as const;

export const RUNTIME_KEYS = {
  sandbox_mode: honoured(enumOf(SANDBOX_MODES), {
    doc: "`-s`; default `read-only`, `workspace-write` in a trusted project",
  }),
  sandbox_workspace_write: honoured(
    table({
      writable_roots: honoured(paths, {
        doc: "extra writable directories (`--add-dir` adds more)",
        default: [],
      }),
      network_access: honoured(bool, { doc: "allow network access", default: false }),
      exclude_tmpdir_env_var: honoured(bool, { doc: "do not make `$TMPDIR` writable", default: false }),
      exclude_slash_tmp: honoured(bool, { doc: "do not make `/tmp` writable", default: false }),
    }),
    { doc: "the `workspace-write` sandbox" },
  ),
  ...PERMISSIONS_KEYS,
  shell_environment_policy: honoured(
    table({
      inherit: honoured(enumOf(["all", "core", "none"]), {
        doc: "which variables commands inherit",
        default: "all",
      }),
      ignore_default_excludes: honoured(bool, {
        doc: "keep names matching `*KEY*`, `*SECRET*`, `*TOKEN*`",
        default: false,
      }),
      exclude: honoured(strings, { doc: "name patterns to drop", default: [] }),
      include_only: honoured(strings, { doc: "keep only names matching these patterns", default: [] }),
      set: honoured(stringMap, { doc: "variables to set", default: {} }),
      experimental_use_profile: unsupported("commands never run through a login profile"),
      filters: unsupported("use `exclude` / `include_only`"),
    }),
    { doc: "the environment of the commands the agent runs" },
  ),
  allow_login_shell: unsupported("the model's command runs as it asks (login shell or not)"),
  mcp_servers: honoured(mapOf(table(MCP_SERVER_KEYS)), { doc: "MCP servers by name (see docs/mcp.md)" }),
  mcp_oauth_credentials_store: unsupported("MCP OAuth is not built yet"),
  mcp_oauth_callback_port: unsupported("MCP OAuth is not built yet"),
  mcp_oauth_callback_url: unsupported("MCP OAuth is not built yet"),
  mcp_enterprise_managed_auth: unsupported("MCP OAuth is not built yet"),
  mcp_optional_startup_grace_ms: unsupported("servers start lazily; there is no grace period"),
  notify: honoured(strings, { doc: "argv run after each turn with one JSON argument" }),
  hooks: honoured(anyValue, {
    doc: "hook commands (`[[hooks.PreToolUse]]`, …) and their trust (`[hooks.state]`); see docs/hooks.md",
  }),
  project_doc_max_bytes: honoured(uint, {
    doc: "AGENTS.md size cap (0 disables AGENTS.md)",
    default: 32 * 1024,
  }),
  project_doc_fallback_filenames: honoured(strings, {
    doc: "other names to try when AGENTS.md is missing",
    default: [],
  }),
  project_root_markers: honoured(strings, {
    doc: "files or folders that mark a project's root (for `.codex/config.toml` discovery)",
    default: [".git"],
  }),
  projects: honoured(
    mapOf(
      table({
        trust_level: honoured(enumOf(["trusted", "untrusted"]), {
          doc: "a trusted project's `.codex/config.toml` is read",
        }),
      }),
    ),
    { doc: 'by absolute path: `[projects."/path"] trust_level = "trusted"`' },
  ),
  history: honoured(
    table({
      persistence: honoured(enumOf(["save-all", "none"]), {
        doc: "`none` writes no history.jsonl",
        default: "save-all",
      }),
      max_bytes: unsupported("history.jsonl is never trimmed"),
    }),
    { doc: "`$CODEX_HOME/history.jsonl` (prompt recall)" },
  ),
  file_opener: honoured(enumOf(["vscode", "vscode-insiders", "windsurf", "cursor", "none"]), {
    doc: "URI scheme for file links in the TUI",
    default: "vscode",
  }),
  hide_agent_reasoning: honoured(bool, { doc: "do not show reasoning summaries", default: false }),
  show_raw_agent_reasoning: unsupported("raw reasoning text is not shown"),
  web_search: honoured(enumOf(["disabled", "cached", "live"]), {
    doc: "`cached` (default) offers web_search without live access, `live` with it, `disabled` not at all",
  }),
  tools: honoured(
    table({
      web_search: honoured(oneOf([bool, table(WEB_SEARCH_TOOL_KEYS)], "true, false or a table"), {
        doc: "a table of web_search options; a boolean is accepted and ignored, as in Codex 0.169",
      }),
      view_image: alias(bool, ["features", "view_image"], { doc: "Codex 0.47's `features.view_image`" }),
      web_search_request: alias(bool, ["features", "web_search_request"], {
        doc: "Codex 0.47's `features.web_search_request`",
      }),
      experimental_request_user_input: unsupported("there is no request_user_input tool"),
      update_plan: unsupported("update_plan options are not supported"),
      client_search_provider: unsupported("web search is the model provider's"),
    }),
    { doc: "tool options" },
  ),
  tool_output_token_limit: unsupported("tool output is truncated by bytes, not tokens"),
  background_terminal_max_timeout: honoured(uint, {
    doc: "longest wait of an empty `write_stdin` poll, in milliseconds (at least 5000; default 300000)",
  }),
  tool_suggest: unsupported("there are no tool suggestions"),
  include_plan_tool: honoured(bool, { doc: "offer update_plan (`--include-plan-tool`)", origin: "legacy" }),
  include_apply_patch_tool: inert("apply_patch is always offered", { origin: "legacy" }),
  include_view_image_tool: alias(bool, ["features", "view_image"], {
    doc: "Codex 0.47's `features.view_image`",
  }),
  tools_web_search: alias(bool, ["features", "web_search_request"], {
    doc: "Codex 0.47's `features.web_search_request` (in profiles)",
  }),
  experimental_use_freeform_apply_patch: alias(bool, ["features", "apply_patch_freeform"], {
    doc: "Codex 0.47's `features.apply_patch_freeform`",
  }),
  experimental_use_exec_command_tool: alias(bool, ["features", "unified_exec"], {
    doc: "Codex 0.47's `features.unified_exec`",
    origin: "legacy",
  }),
  experimental_use_unified_exec_tool: alias(bool, ["features", "unified_exec"], {
    doc: "the older name of `features.unified_exec`",
    origin: "codex",
  }),
  experimental_use_rmcp_client: inert("the MCP client always supports streamable HTTP", { origin: "legacy" }),
  include_environment_context: honoured(bool, {
    doc: "send the `<environment_context>` message",
    default: true,
  }),
  include_permissions_instructions: inert("sandbox and approval facts go in `<environment_context>` here"),
  include_apps_instructions: inert("there are no apps"),
  include_collaboration_mode_instructions: inert("there are no collaboration modes"),
} as const;
