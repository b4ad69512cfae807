/**
 * The public entry of @codex/core. Front ends (exec, tui) use the session factory and the types
 * below; the CLI also uses the config loader. Everything else stays internal.
 */

export { type AccountInfo, storedAccount } from "./auth/account-info.ts";
export type { BrowserLoginOptions } from "./auth/browser-login.ts";
export { runBrowserLogin } from "./auth/browser-login.ts";
export type { DeviceLoginOptions } from "./auth/device-login.ts";
export { runDeviceLogin } from "./auth/device-login.ts";
export { CLIENT_ID, DEFAULT_ISSUER } from "./auth/issuer.ts";
export type { LoginCommandResult } from "./auth/login.ts";
export { loginStatus, loginWithApiKey, logout } from "./auth/login.ts";
export { missingCredentials } from "./auth/missing-credentials.ts";
export { LoginError } from "./auth/oauth.ts";
export { enforceLoginRestrictions } from "./auth/restrictions.ts";
export { codexHomeDir } from "./config/codex-home.ts";
// The one config writer: front ends persist settings through it (trust: see project-trust below).
export type { ConfigEdit } from "./config/config-file.ts";
export { configFileVersion, updateUserConfig, userConfigPath } from "./config/config-file.ts";
export { loadCodexDotEnv } from "./config/dotenv.ts";
export { featureListLines, featureOverride, setFeatureFlag } from "./config/feature-flags.ts";
export type { ConfigFlags, ConfigSource, LoadConfigOptions, LoadedConfig } from "./config/load.ts";
export { loadConfig } from "./config/load.ts";
export type { ConfigOverride } from "./config/overrides.ts";
export { parseConfigOverride } from "./config/overrides.ts";
export type { ProjectTrust, ProjectTrustLevel } from "./config/project-trust.ts";
export { projectTrust, setProjectTrust, trustProject } from "./config/project-trust.ts";
export type { TomlValue } from "./config/toml-edit.ts";
export type {
  Config,
  McpServerConfig,
  ProviderConfig,
  ShellEnvironmentPolicy,
  WebSearchConfig,
} from "./config/types.ts";
export { runDoctor } from "./doctor/lazy.ts";
export type { DoctorOptions } from "./doctor/run-doctor.ts";
export type { HookReviewEntry } from "./hooks/review.ts";
export { reviewHooks, trustHook } from "./hooks/review.ts";
export { mcpAdd, mcpGet, mcpList, mcpRemove } from "./mcp/cli-commands.ts";
// Saved sessions, for the resume picker (prompt history reaches front ends through session ops).
export { type ForkedThread, forkSavedThread } from "./rollout/fork.ts";
export { listSessions, type SessionPage } from "./rollout/list.ts";
export { readSavedThread, type SavedThread } from "./rollout/saved-thread.ts";
export type { SessionFilter, SessionSummary } from "./rollout/summary.ts";
export type { ExecpolicyCheckOptions } from "./rules/check-command.ts";
export { execpolicyCheck } from "./rules/check-command.ts";
export { createSession } from "./session/session.ts";
export type { CodexSession, CreateSessionOptions, SessionRecorder } from "./session/session-types.ts";
export { SessionNetwork } from "./tools/exec/session-network.ts";
// How commands are shown (approval prompts and command items use the same quoting).
export { shellJoin } from "./tools/exec/shell-join.ts";
export type {
  ApprovalRequest,
  ApprovalRequirement,
  SandboxChoice,
  ToolCall,
  ToolContext,
  ToolHandler,
  ToolPayload,
  ToolResult,
  ToolRunContext,
} from "./tools/types.ts";
