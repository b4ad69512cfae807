/**
 * Every `config.toml` key Codex CLI 0.47 accepts (plus the few later ones we support), as data.
 * The validator walks a parsed file against this: wrong types are errors, unknown keys warnings.
 */
import {
  APPROVAL_POLICIES,
  REASONING_EFFORTS,
  REASONING_SUMMARIES,
  SANDBOX_MODES,
  VERBOSITIES,
} from "@codex/protocol";

export type KeySpec =
  | { kind: "string" }
  | { kind: "bool" }
  | { kind: "int"; min?: number }
  | { kind: "number"; min?: number }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "string_array" }
  | { kind: "string_map" }
  /** A table with known keys. */
  | { kind: "table"; keys: Schema }
  /** A table whose keys are user-chosen names, each holding a value of `value`. */
  | { kind: "map"; value: KeySpec }
  /** Accepted as is (values whose shape the reference leaves open). */
  | { kind: "any" }
  | { kind: "one_of"; options: KeySpec[]; describe: string };

export type Schema = Record<string, KeySpec>;

const str: KeySpec = { kind: "string" };
const bool: KeySpec = { kind: "bool" };
const uint: KeySpec = { kind: "int", min: 0 };
const strings: KeySpec = { kind: "string_array" };
const stringMap: KeySpec = { kind: "string_map" };
const anyValue: KeySpec = { kind: "any" };
const enumOf = (values: readonly string[]): KeySpec => ({ kind: "enum", values });

const providerSchema: Schema = {
  name: str,
  base_url: str,
  env_key: str,
  env_key_instructions: str,
  wire_api: enumOf(["responses", "chat"]),
  query_params: stringMap,
  http_headers: stringMap,
  env_http_headers: stringMap,
  request_max_retries: uint,
  stream_max_retries: uint,
  stream_idle_timeout_ms: uint,
  requires_openai_auth: bool,
};

const mcpServerSchema: Schema = {
  command: str,
  args: strings,
  env: stringMap,
  env_vars: strings,
  cwd: str,
  url: str,
  bearer_token_env_var: str,
  bearer_token: str,
  http_headers: stringMap,
  env_http_headers: stringMap,
  enabled: bool,
  startup_timeout_sec: { kind: "number", min: 0 },
  startup_timeout_ms: uint,
  tool_timeout_sec: { kind: "number", min: 0 },
  enabled_tools: strings,
  disabled_tools: strings,
};

/** Keys a `[profiles.NAME]` table may hold. */
export const PROFILE_SCHEMA: Schema = {
  model: str,
  model_provider: str,
  approval_policy: enumOf(APPROVAL_POLICIES),
  sandbox_mode: enumOf(SANDBOX_MODES),
  model_reasoning_effort: enumOf(REASONING_EFFORTS),
  model_reasoning_summary: enumOf(REASONING_SUMMARIES),
  model_verbosity: enumOf(VERBOSITIES),
  chatgpt_base_url: str,
  experimental_instructions_file: str,
  experimental_use_exec_command_tool: bool,
  experimental_use_unified_exec_tool: bool,
  experimental_use_rmcp_client: bool,
  experimental_use_freeform_apply_patch: bool,
  include_plan_tool: bool,
  include_apply_patch_tool: bool,
  include_view_image_tool: bool,
  tools_web_search: bool,
  model_context_window: uint,
  model_max_output_tokens: uint,
  model_auto_compact_token_limit: uint,
  disable_response_storage: bool,
  features: { kind: "map", value: bool },
};

export const CONFIG_SCHEMA: Schema = {
  ...PROFILE_SCHEMA,
  review_model: str,
  model_providers: { kind: "map", value: { kind: "table", keys: providerSchema } },
  sandbox_workspace_write: {
    kind: "table",
    keys: {
      writable_roots: strings,
      network_access: bool,
      exclude_tmpdir_env_var: bool,
      exclude_slash_tmp: bool,
    },
  },
  sandbox: { kind: "table", keys: { linux_backend: enumOf(["auto", "bwrap", "landlock"]) } },
  shell_environment_policy: {
    kind: "table",
    keys: {
      inherit: enumOf(["all", "core", "none"]),
      ignore_default_excludes: bool,
      exclude: strings,
      include_only: strings,
      set: stringMap,
      experimental_use_profile: bool,
    },
  },
  profile: str,
  profiles: { kind: "map", value: { kind: "table", keys: PROFILE_SCHEMA } },
  mcp_servers: { kind: "map", value: { kind: "table", keys: mcpServerSchema } },
  mcp_oauth_credentials_store: enumOf(["auto", "file", "keyring"]),
  notify: strings,
  instructions: str,
  history: {
    kind: "table",
    keys: { persistence: enumOf(["save-all", "none"]), max_bytes: uint },
  },
  file_opener: enumOf(["vscode", "vscode-insiders", "windsurf", "cursor", "none"]),
  hide_agent_reasoning: bool,
  show_raw_agent_reasoning: bool,
  model_supports_reasoning_summaries: bool,
  model_reasoning_summary_format: enumOf(["none", "experimental"]),
  project_doc_max_bytes: uint,
  project_doc_fallback_filenames: strings,
  tui: {
    kind: "table",
    keys: {
      notifications: {
        kind: "one_of",
        options: [bool, strings],
        describe: 'true, false or a list such as ["agent-turn-complete", "approval-requested"]',
      },
    },
  },
  projects: { kind: "map", value: { kind: "table", keys: { trust_level: str } } },
  tools: { kind: "table", keys: { web_search: bool, web_search_request: bool, view_image: bool } },
  otel: { kind: "table", keys: { environment: str, exporter: anyValue, log_user_prompt: bool } },
  disable_paste_burst: bool,
  windows_wsl_setup_acknowledged: bool,
  notice: anyValue,
  responses_originator_header_internal_override: str,
  forced_login_method: enumOf(["chatgpt", "api"]),
  forced_chatgpt_workspace_id: {
    kind: "one_of",
    options: [str, strings],
    describe: 'a workspace id or a list of them, e.g. "ws-123" or ["ws-123", "ws-456"]',
  },
  cli_auth_credentials_store: enumOf(["file", "keyring", "auto"]),
  openai_base_url: str,
};
