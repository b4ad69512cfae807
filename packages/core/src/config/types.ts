/**
 * The resolved configuration. Its type comes from the declaration (config/keys): every honoured
 * key with its default (`Settings`), less the keys the loader turns into something richer (a
 * provider id into the provider, the sandbox settings into one policy, …), plus those. Subsystems
 * receive the slice they need (`ProviderConfig`, `ShellEnvironmentPolicy`, `McpServerConfig`, …).
 */
import type { AskForApproval, SandboxMode, SandboxPolicy } from "@codex/protocol";
import type { FeatureName } from "./keys/features.ts";
import type { Settings } from "./keys/index.ts";
import type { NetworkProxySettings } from "./permissions.ts";

type WireApi = "responses" | "chat";

export type ProviderConfig = {
  /** The key under `model_providers` (`openai`, `oss`, or the user's). */
  id: string;
  name: string;
  base_url: string | null;
  env_key: string | null;
  env_key_instructions: string | null;
  /** A bearer token written in the config (`env_key` is preferred). */
  experimental_bearer_token: string | null;
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

export type ShellEnvironmentPolicy = Settings["shell_environment_policy"];

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

type SandboxWorkspaceWrite = {
  writable_roots: string[];
  network_access: boolean;
  exclude_tmpdir_env_var: boolean;
  exclude_slash_tmp: boolean;
};

/** The web_search tool as offered: `cached` sends `external_web_access: false`, `live` true. */
export type WebSearchConfig = {
  mode: "cached" | "live";
  context_size: "low" | "medium" | "high" | null;
  allowed_domains: string[] | null;
  location: {
    city: string | null;
    country: string | null;
    region: string | null;
    timezone: string | null;
  } | null;
};

/** What the loader computes from the settings (and replaces in them). */
type Resolved = {
  /** `$CODEX_HOME` (default `~/.codex`), absolute. */
  codexHome: string;
  /** The working directory the agent works in (`-C`), absolute. */
  cwd: string;
  model: string;
  model_provider: ProviderConfig;
  approval_policy: AskForApproval;
  sandbox_mode: SandboxMode;
  /** `sandbox_mode` + `sandbox_workspace_write` (+ `--add-dir`) resolved to one policy. */
  sandbox_policy: SandboxPolicy;
  sandbox_workspace_write: SandboxWorkspaceWrite;
  /** The allow-list proxy's settings when the profile sends the network through it. */
  network_proxy: NetworkProxySettings | null;
  /** codex-ts's `sandbox.linux_backend`: force a Linux sandbox tier. */
  linux_sandbox_backend: "auto" | "bwrap" | "landlock";
  mcp_servers: Record<string, McpServerConfig>;
  /** The text of `model_instructions_file`, read once at load time. */
  base_instructions_override: string | null;
  /** null: no web_search tool. */
  web_search: WebSearchConfig | null;
  /** Every feature flag of this build, resolved (defaults, model, layers, --enable/--disable). */
  features: Record<FeatureName, boolean>;
  /** The features whose value the model decides (not set by config or flags): see `configForModel`. */
  model_features: readonly FeatureName[];
  /** Offer `update_plan` (`--include-plan-tool`, `include_plan_tool` or `features.plan_tool`). */
  include_plan_tool: boolean;
  /** Offer apply_patch as a freeform (grammar) tool rather than a JSON function. */
  use_freeform_apply_patch: boolean;
  /** The `-p` profile in effect, if any. */
  active_profile: string | null;
  /** `forced_chatgpt_workspace_id` as a list (one id or several); null when unset. */
  forced_chatgpt_workspace_id: string[] | null;
  /**
   * The `.codex` folders of a trusted project from its root down to the cwd (their `rules/` and
   * `hooks.json` apply); empty when the project is not trusted.
   */
  project_config_folders: string[];
};

/** Settings the loader consumes entirely (selectors, raw tables that become `Resolved` fields). */
type ConsumedByLoader =
  | "profile"
  | "profiles"
  | "sandbox"
  | "tools"
  | "project_root_markers"
  | "projects"
  | "model_providers"
  | "model_instructions_file"
  | "openai_base_url"
  | "permissions"
  | "default_permissions";

export type Config = Omit<Settings, keyof Resolved | ConsumedByLoader> & Resolved;
