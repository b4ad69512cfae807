/**
 * Loads the configuration once: `$CODEX_HOME/config.toml`, the selected profile, `-c` overrides and
 * CLI flags, in Codex CLI's precedence (flag > -c > profile > file > default), validated and frozen.
 */
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type AskForApproval,
  CODEX_VERSION,
  type ReasoningEffort,
  type ReasoningSummary,
  type SandboxMode,
  type SandboxPolicy,
  type Verbosity,
} from "@codex/protocol";
import { codexHomeDir } from "./codex-home.ts";
import { ConfigError } from "./errors.ts";
import { resolveMcpServers } from "./mcp-servers.ts";
import { modelInfo, prefersFreeformApplyPatch } from "./model-info.ts";
import { applyOverride, type ConfigOverride } from "./overrides.ts";
import { resolveProviders } from "./providers.ts";
import { CONFIG_SCHEMA } from "./schema.ts";
import { readTomlFile } from "./toml-file.ts";
import { findProjectTrust } from "./trust.ts";
import type { Config, ShellEnvironmentPolicy } from "./types.ts";
import { validateTable } from "./validate.ts";

/** Values set by dedicated command-line flags; they win over everything else. */
export type ConfigFlags = {
  model?: string;
  model_provider?: string;
  approval_policy?: AskForApproval;
  sandbox_mode?: SandboxMode;
  /** `--oss`: the local Ollama provider and its default model. */
  oss?: boolean;
  include_plan_tool?: boolean;
  web_search?: boolean;
};

export type LoadConfigOptions = {
  codexHome?: string;
  cwd?: string;
  profile?: string;
  overrides?: ConfigOverride[];
  flags?: ConfigFlags;
  env?: NodeJS.ProcessEnv;
  /** Receives warnings (unknown keys); defaults to stderr. */
  onWarning?: (message: string) => void;
};

export type LoadedConfig = { config: Config; warnings: string[] };

const DEFAULT_MODEL = "gpt-5-codex";
const DEFAULT_OSS_MODEL = "gpt-oss:20b";

function table(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function resolveCwd(cwd: string | undefined): string {
  const dir = resolve(cwd ?? process.cwd());
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok)
    throw new ConfigError(`working directory ${dir} does not exist or is not a directory (check -C/--cd)`);
  return dir;
}

function shellEnvironmentPolicy(raw: Record<string, unknown>): ShellEnvironmentPolicy {
  return {
    inherit: (raw.inherit as ShellEnvironmentPolicy["inherit"]) ?? "all",
    ignore_default_excludes: raw.ignore_default_excludes === true,
    exclude: (raw.exclude as string[]) ?? [],
    include_only: (raw.include_only as string[]) ?? [],
    set: { ...((raw.set as Record<string, string>) ?? {}) },
    experimental_use_profile: raw.experimental_use_profile === true,
  };
}

function readInstructionsFile(path: string | null, base: string): string | null {
  if (!path) return null;
  const full = resolve(base, path.replace(/^~(?=\/)/, process.env.HOME ?? "~"));
  try {
    return readFileSync(full, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read experimental_instructions_file ${full}: ${(error as Error).message}`);
  }
}

/** `forced_chatgpt_workspace_id` as a list (a single id or several); blank ids are dropped. */
function workspaceIds(value: string | string[] | undefined): string[] | null {
  if (value === undefined) return null;
  const ids = (Array.isArray(value) ? value : [value]).map((id) => id.trim()).filter((id) => id !== "");
  return ids.length > 0 ? ids : null;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const codexHome = options.codexHome ?? codexHomeDir(env);
  const configPath = join(codexHome, "config.toml");
  const overrides = options.overrides ?? [];
  const flags = options.flags ?? {};

  let root = readTomlFile(configPath);
  const warnings = validateTable(root, CONFIG_SCHEMA, configPath).warnings;
  for (const override of overrides) root = applyOverride(root, override);
  if (overrides.length > 0) {
    // Re-check with the overrides applied, so a bad -c value names the key and what is allowed.
    validateTable(root, CONFIG_SCHEMA, "-c/--config overrides");
  }

  const profileName = options.profile ?? (typeof root.profile === "string" ? root.profile : null);
  let profile: Record<string, unknown> = {};
  if (profileName) {
    const found = table(root.profiles)[profileName];
    if (!found) throw new ConfigError(`config profile \`${profileName}\` not found in ${configPath}`);
    profile = table(found);
  }
  // Profile values beat the file's top level; -c on a top-level key beats the profile.
  const merged: Record<string, unknown> = { ...root, ...profile };
  for (const [path, value] of overrides)
    if (!path.includes(".") && path in CONFIG_SCHEMA) merged[path] = value;
  const get = <T>(key: string): T | undefined => merged[key] as T | undefined;

  const cwd = resolveCwd(options.cwd);
  const trust = findProjectTrust(table(root.projects), cwd);
  const trusted = trust === "trusted";

  const providers = resolveProviders(table(root.model_providers) as Record<string, Record<string, unknown>>, {
    env,
    openaiBaseUrl: get<string>("openai_base_url") ?? null,
    version: CODEX_VERSION,
  });
  const providerId =
    flags.model_provider ?? (flags.oss ? "oss" : undefined) ?? get<string>("model_provider") ?? "openai";
  const provider = providers[providerId];
  if (!provider) {
    throw new ConfigError(
      `unknown model provider \`${providerId}\`; known providers: ${Object.keys(providers).join(", ")} (define it under [model_providers.${providerId}] in ${configPath})`,
    );
  }
  const model =
    flags.model ?? get<string>("model") ?? (providerId === "oss" ? DEFAULT_OSS_MODEL : DEFAULT_MODEL);

  const approval: AskForApproval =
    flags.approval_policy ?? get<AskForApproval>("approval_policy") ?? "on-request";
  const sandboxMode: SandboxMode =
    flags.sandbox_mode ?? get<SandboxMode>("sandbox_mode") ?? (trusted ? "workspace-write" : "read-only");
  const sww = table(root.sandbox_workspace_write);
  const workspaceWrite = {
    writable_roots: ((sww.writable_roots as string[] | undefined) ?? []).map((p) => resolve(cwd, p)),
    network_access: sww.network_access === true,
    exclude_tmpdir_env_var: sww.exclude_tmpdir_env_var === true,
    exclude_slash_tmp: sww.exclude_slash_tmp === true,
  };
  const sandboxPolicy: SandboxPolicy =
    sandboxMode === "workspace-write"
      ? { mode: "workspace-write", ...workspaceWrite }
      : { mode: sandboxMode };

  const features = {
    ...((table(root.features) as Record<string, boolean>) ?? {}),
    ...(table(profile.features) as Record<string, boolean>),
  };
  const tools = table(root.tools);
  const info = modelInfo(model);
  const contextWindow = get<number>("model_context_window") ?? info?.contextWindow ?? null;
  const instructionsFile = get<string>("experimental_instructions_file") ?? null;
  const history = table(root.history);
  const tui = table(root.tui);
  const projects: Config["projects"] = {};
  for (const [path, entry] of Object.entries(table(root.projects))) {
    const level = table(entry).trust_level;
    projects[path] = { trust_level: typeof level === "string" ? level : null };
  }

  const config: Config = {
    codexHome,
    cwd,
    model,
    review_model: get<string>("review_model") ?? DEFAULT_MODEL,
    model_provider: provider,
    model_providers: providers,
    approval_policy: approval,
    sandbox_mode: sandboxMode,
    sandbox_policy: sandboxPolicy,
    sandbox_workspace_write: workspaceWrite,
    linux_sandbox_backend: (table(root.sandbox).linux_backend as Config["linux_sandbox_backend"]) ?? "auto",
    shell_environment_policy: shellEnvironmentPolicy(table(root.shell_environment_policy)),
    mcp_servers: resolveMcpServers(table(root.mcp_servers), { cwd }),
    notify: get<string[]>("notify") ?? null,
    disable_response_storage: get<boolean>("disable_response_storage") === true,
    experimental_instructions_file: instructionsFile,
    base_instructions_override: readInstructionsFile(instructionsFile, codexHome),
    history: {
      persistence: (history.persistence as "save-all" | "none") ?? "save-all",
      max_bytes: typeof history.max_bytes === "number" ? history.max_bytes : null,
    },
    file_opener: get<Config["file_opener"]>("file_opener") ?? "vscode",
    hide_agent_reasoning: get<boolean>("hide_agent_reasoning") === true,
    show_raw_agent_reasoning: get<boolean>("show_raw_agent_reasoning") ?? providerId === "oss",
    model_reasoning_effort: get<ReasoningEffort>("model_reasoning_effort") ?? null,
    model_reasoning_summary: get<ReasoningSummary>("model_reasoning_summary") ?? "auto",
    model_verbosity: get<Verbosity>("model_verbosity") ?? null,
    model_supports_reasoning_summaries: get<boolean>("model_supports_reasoning_summaries") ?? null,
    model_context_window: contextWindow,
    model_max_output_tokens: get<number>("model_max_output_tokens") ?? info?.maxOutputTokens ?? null,
    model_auto_compact_token_limit:
      get<number>("model_auto_compact_token_limit") ??
      (contextWindow ? Math.floor(contextWindow * 0.9) : null),
    project_doc_max_bytes: get<number>("project_doc_max_bytes") ?? 32 * 1024,
    project_doc_fallback_filenames: get<string[]>("project_doc_fallback_filenames") ?? [],
    tui: { notifications: (tui.notifications as boolean | string[] | undefined) ?? false },
    projects,
    tools: {
      web_search:
        flags.web_search === true ||
        tools.web_search === true ||
        tools.web_search_request === true ||
        features.web_search_request === true,
      view_image: tools.view_image !== false && features.view_image_tool !== false,
    },
    features,
    include_plan_tool:
      flags.include_plan_tool === true ||
      get<boolean>("include_plan_tool") === true ||
      features.plan_tool === true,
    use_freeform_apply_patch:
      provider.wire_api === "responses" &&
      (get<boolean>("experimental_use_freeform_apply_patch") === true ||
        features.apply_patch_freeform === true ||
        (features.apply_patch_freeform !== false && prefersFreeformApplyPatch(model))),
    chatgpt_base_url: get<string>("chatgpt_base_url") ?? "https://chatgpt.com/backend-api/",
    forced_login_method: get<Config["forced_login_method"]>("forced_login_method") ?? null,
    forced_chatgpt_workspace_id: workspaceIds(get<string | string[]>("forced_chatgpt_workspace_id")),
    cli_auth_credentials_store:
      get<Config["cli_auth_credentials_store"]>("cli_auth_credentials_store") ?? "file",
    responses_originator_header:
      get<string>("responses_originator_header_internal_override") ??
      env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE ??
      "",
    active_profile: profileName,
  };
  const report = options.onWarning ?? ((message: string) => process.stderr.write(`${message}\n`));
  for (const warning of warnings) report(warning);
  return { config: deepFreeze(config), warnings };
}
