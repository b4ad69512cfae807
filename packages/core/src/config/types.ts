/**
 * The resolved configuration: `config.toml` + profile + `-c` overrides + CLI flags + defaults,
 * validated once and frozen. Subsystems receive the slice they need (`ProviderConfig`,
 * `ShellEnvironmentPolicy`, `McpServerConfig`, …), never the loader.
 */
import type {
  AskForApproval,
  ReasoningEffort,
  ReasoningSummary,
  SandboxMode,
  SandboxPolicy,
  Verbosity,
} from "@codex/protocol";

export type WireApi = "responses" | "chat";

export type ProviderConfig = {
  /** The key under `model_providers` (`openai`, `oss`, or the user's). */
  id: string;
  name: string;
  base_url: string | null;
  env_key: string | null;
  env_key_instructions: string | null;
  wire_api: WireApi;
  query_params: Record<string, string>;
  http_headers: Record<string, string>;
  /** Header name -> environment variable holding its value (skipped when unset or empty). */
  env_http_headers: Record<string, string>;
  request_max_retries: number;
  stream_max_retries: number;
  stream_idle_timeout_ms: number;
  requires_openai_auth: boolean;
};

export type ShellEnvironmentPolicy = {
  inherit: "all" | "core" | "none";
  ignore_default_excludes: boolean;
  exclude: string[];
  include_only: string[];
  set: Record<string, string>;
  experimental_use_profile: boolean;
};

export type McpServerConfig = {
  name: string;
  transport:
    | {
        type: "stdio";
        command: string;
        args: string[];
        env: Record<string, string>;
        env_vars: string[];
        cwd: string | null;
      }
    | {
        type: "streamable_http";
        url: string;
        bearer_token_env_var: string | null;
        http_headers: Record<string, string>;
        env_http_headers: Record<string, string>;
      };
  enabled: boolean;
  startup_timeout_ms: number;
  tool_timeout_ms: number;
  enabled_tools: string[] | null;
  disabled_tools: string[];
};

export type SandboxWorkspaceWrite = {
  writable_roots: string[];
  network_access: boolean;
  exclude_tmpdir_env_var: boolean;
  exclude_slash_tmp: boolean;
};

export type TuiNotifications = boolean | string[];

export type Config = {
  /** `$CODEX_HOME` (default `~/.codex`), absolute. */
  codexHome: string;
  /** The working directory the agent works in (`-C`), absolute. */
  cwd: string;
  model: string;
  review_model: string;
  model_provider: ProviderConfig;
  /** Every provider (built-ins and user-defined), by id. */
  model_providers: Record<string, ProviderConfig>;
  approval_policy: AskForApproval;
  sandbox_mode: SandboxMode;
  /** `sandbox_mode` + `sandbox_workspace_write` resolved to one policy. */
  sandbox_policy: SandboxPolicy;
  sandbox_workspace_write: SandboxWorkspaceWrite;
  /** `sandbox.linux_backend`: force a Linux sandbox tier. */
  linux_sandbox_backend: "auto" | "bwrap" | "landlock";
  shell_environment_policy: ShellEnvironmentPolicy;
  mcp_servers: Record<string, McpServerConfig>;
  notify: string[] | null;
  disable_response_storage: boolean;
  experimental_instructions_file: string | null;
  /** Contents of `experimental_instructions_file`, read once at load time. */
  base_instructions_override: string | null;
  history: { persistence: "save-all" | "none"; max_bytes: number | null };
  file_opener: "vscode" | "vscode-insiders" | "windsurf" | "cursor" | "none";
  hide_agent_reasoning: boolean;
  show_raw_agent_reasoning: boolean;
  model_reasoning_effort: ReasoningEffort | null;
  model_reasoning_summary: ReasoningSummary;
  model_verbosity: Verbosity | null;
  model_supports_reasoning_summaries: boolean | null;
  model_context_window: number | null;
  model_max_output_tokens: number | null;
  model_auto_compact_token_limit: number | null;
  project_doc_max_bytes: number;
  project_doc_fallback_filenames: string[];
  tui: { notifications: TuiNotifications };
  /** `projects."<abs path>".trust_level`, by absolute path. */
  projects: Record<string, { trust_level: string | null }>;
  tools: { web_search: boolean; view_image: boolean };
  features: Record<string, boolean>;
  /** Include the `update_plan` tool (`--include-plan-tool` or `features.plan_tool`). */
  include_plan_tool: boolean;
  /** Use the freeform (grammar) apply_patch tool rather than the JSON function form. */
  use_freeform_apply_patch: boolean;
  chatgpt_base_url: string;
  /** Only this kind of login may be used (`codex login` refuses the other; start-up logs it out). */
  forced_login_method: "chatgpt" | "api" | null;
  /** ChatGPT sign-ins must belong to one of these workspaces (account ids). */
  forced_chatgpt_workspace_id: string[] | null;
  /** Where logins are stored: auth.json (`file`), the OS keyring, or `auto`. */
  cli_auth_credentials_store: "file" | "keyring" | "auto";
  /** `openai_base_url` (or `OPENAI_BASE_URL`): base URL of the built-in openai provider. */
  responses_originator_header: string;
  active_profile: string | null;
};
