/**
 * From settings (the declaration applied to the merged layers) and the command line's dedicated
 * flags to the `Config` the session uses: the provider, the sandbox policy, the tools offered.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  APPROVAL_POLICIES,
  type AskForApproval,
  CODEX_VERSION,
  type SandboxMode,
  type SandboxPolicy,
} from "@codex/protocol";
import { ConfigError } from "./errors.ts";
import { FEATURES, type FeatureName } from "./keys/features.ts";
import type { Settings } from "./keys/index.ts";
import { resolveMcpServers } from "./mcp-servers.ts";
import { modelContextWindow, modelFeatureDefault } from "./model-catalog.ts";
import { resolvePermissions } from "./permissions.ts";
import { resolveProviders } from "./providers.ts";
import type { Config, WebSearchConfig } from "./types.ts";

/** Values set by dedicated command-line flags; they win over everything else. */
export type ConfigFlags = {
  model?: string;
  model_provider?: string;
  approval_policy?: AskForApproval;
  sandbox_mode?: SandboxMode;
  /** `--oss`: the local Ollama provider and its default model. */
  oss?: boolean;
  include_plan_tool?: boolean;
  /** `--search`: web_search with live access. */
  web_search?: boolean;
  /** `--add-dir`: extra writable roots (relative to the cwd). */
  add_dirs?: string[];
};

export type ResolveContext = {
  codexHome: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: ConfigFlags;
  trusted: boolean;
  /** The `.codex` folders of a trusted project, root first (none when untrusted). */
  projectFolders: string[];
  activeProfile: string | null;
  configPath: string;
};

const DEFAULT_MODEL = "gpt-5-codex";
const DEFAULT_OSS_MODEL = "gpt-oss:20b";

function readInstructionsFile(path: string | null): string | null {
  if (path === null) return null;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read model_instructions_file ${path}: ${(error as Error).message}`);
  }
}

/** `forced_chatgpt_workspace_id` as a list (a single id or several); blank ids are dropped. */
function workspaceIds(value: string | string[] | null): string[] | null {
  if (value === null) return null;
  const ids = (Array.isArray(value) ? value : [value]).map((id) => id.trim()).filter((id) => id !== "");
  return ids.length > 0 ? ids : null;
}

function isApprovalPolicy(value: unknown): value is AskForApproval {
  return (APPROVAL_POLICIES as readonly unknown[]).includes(value);
}

/** The features whose value follows the model: `default: "model"` and set nowhere. */
function modelDecidedFeatures(settings: Settings): FeatureName[] {
  return (Object.entries(FEATURES) as Array<[FeatureName, (typeof FEATURES)[FeatureName]]>)
    .filter(([name, decl]) => decl.default === "model" && typeof settings.features[name] !== "boolean")
    .map(([name]) => name);
}

function resolveFeatures(settings: Settings, model: string): Record<FeatureName, boolean> {
  const out = {} as Record<FeatureName, boolean>;
  for (const [name, decl] of Object.entries(FEATURES) as Array<
    [FeatureName, (typeof FEATURES)[FeatureName]]
  >) {
    const set = settings.features[name];
    out[name] =
      typeof set === "boolean"
        ? set
        : decl.default === "model"
          ? modelFeatureDefault(name, model)
          : decl.default;
  }
  return out;
}

function resolveWebSearch(
  settings: Settings,
  features: Record<FeatureName, boolean>,
  flags: ConfigFlags,
): WebSearchConfig | null {
  const fromFeatures = features.web_search_request ? "live" : "cached";
  const mode = flags.web_search ? "live" : (settings.web_search ?? fromFeatures);
  if (mode === "disabled") return null;
  const options = typeof settings.tools.web_search === "object" ? settings.tools.web_search : null;
  const location = options?.location;
  const hasLocation =
    location !== undefined && location !== null && Object.values(location).some((v) => v !== null);
  return {
    mode,
    context_size: options?.context_size ?? null,
    allowed_domains: options?.allowed_domains ?? null,
    location: hasLocation ? { ...location } : null,
  };
}

export function resolveConfig(settings: Settings, ctx: ResolveContext): Config {
  const { flags, env } = ctx;
  const providers = resolveProviders(settings.model_providers, {
    env,
    openaiBaseUrl: settings.openai_base_url,
    version: CODEX_VERSION,
  });
  const providerId =
    flags.model_provider ?? (flags.oss ? "oss" : undefined) ?? settings.model_provider ?? "openai";
  const provider = providers[providerId];
  if (!provider) {
    throw new ConfigError(
      `unknown model provider \`${providerId}\`; known providers: ${Object.keys(providers).join(", ")} (define it under [model_providers.${providerId}] in ${ctx.configPath})`,
    );
  }
  const model = flags.model ?? settings.model ?? (providerId === "oss" ? DEFAULT_OSS_MODEL : DEFAULT_MODEL);
  // A `granular` table is not supported (its finding says so): the default applies.
  const approval: AskForApproval =
    flags.approval_policy ??
    (isApprovalPolicy(settings.approval_policy) ? settings.approval_policy : "on-request");
  const sww = settings.sandbox_workspace_write;
  const features = resolveFeatures(settings, model);
  // A permission profile (`default_permissions`) beats `sandbox_mode`; `-s` beats both.
  const permissions = flags.sandbox_mode
    ? null
    : resolvePermissions(settings, {
        networkProxyFeature: features.network_proxy,
        presets: settings.sandbox.network_presets,
        workspaceNetworkAccess: sww.network_access,
      });
  const sandboxMode: SandboxMode =
    flags.sandbox_mode ??
    permissions?.sandboxMode ??
    settings.sandbox_mode ??
    (ctx.trusted ? "workspace-write" : "read-only");
  const workspaceWrite = {
    writable_roots: [...sww.writable_roots, ...(flags.add_dirs ?? []).map((dir) => resolve(ctx.cwd, dir))],
    network_access: permissions ? permissions.network === "full" : sww.network_access,
    exclude_tmpdir_env_var: sww.exclude_tmpdir_env_var,
    exclude_slash_tmp: sww.exclude_slash_tmp,
  };
  const sandboxPolicy: SandboxPolicy =
    sandboxMode === "workspace-write"
      ? { mode: "workspace-write", ...workspaceWrite }
      : { mode: sandboxMode };
  const contextWindow = settings.model_context_window ?? modelContextWindow(model);
  const baseInstructions = readInstructionsFile(settings.model_instructions_file);
  // What the loader consumed is left out of the Config (`ConsumedByLoader` in types.ts).
  const {
    profile,
    profiles,
    sandbox,
    tools,
    project_root_markers,
    projects,
    model_providers,
    model_instructions_file,
    openai_base_url,
    permissions: _profiles,
    default_permissions,
    ...rest
  } = settings;
  return {
    ...rest,
    codexHome: ctx.codexHome,
    cwd: ctx.cwd,
    model,
    model_provider: provider,
    approval_policy: approval,
    sandbox_mode: sandboxMode,
    sandbox_policy: sandboxPolicy,
    sandbox_workspace_write: workspaceWrite,
    linux_sandbox_backend: settings.sandbox.linux_backend,
    network_proxy: permissions?.proxy ?? null,
    mcp_servers: resolveMcpServers(settings.mcp_servers, { cwd: ctx.cwd }),
    base_instructions_override: baseInstructions,
    model_context_window: contextWindow,
    model_auto_compact_token_limit:
      settings.model_auto_compact_token_limit ?? (contextWindow ? Math.floor(contextWindow * 0.9) : null),
    web_search: resolveWebSearch(settings, features, flags),
    features,
    model_features: modelDecidedFeatures(settings),
    include_plan_tool:
      flags.include_plan_tool === true || settings.include_plan_tool === true || features.plan_tool,
    use_freeform_apply_patch: provider.wire_api === "responses" && features.apply_patch_freeform,
    active_profile: ctx.activeProfile,
    forced_chatgpt_workspace_id: workspaceIds(settings.forced_chatgpt_workspace_id),
    project_config_folders: ctx.projectFolders,
  };
}
