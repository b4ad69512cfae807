/**
 * `forced_login_method` and `forced_chatgpt_workspace_id`, enforced at start-up before any model
 * request: stored credentials of the wrong kind or workspace are logged out, with a message, and
 * the caller exits 1 (as Codex CLI does).
 */
import type { Config } from "../config/types.ts";
import { deleteStoredAuth } from "./credentials-store.ts";
import { type CodexAuth, resolveAuth } from "./resolve-auth.ts";
import { idTokenInfo } from "./token-claims.ts";

type LoginRestrictions = {
  codexHome: string;
  storeMode: Config["cli_auth_credentials_store"];
  forcedLoginMethod: Config["forced_login_method"];
  forcedWorkspaceIds: string[] | null;
};

function violation(auth: CodexAuth, restrictions: LoginRestrictions): string | null {
  const { forcedLoginMethod, forcedWorkspaceIds } = restrictions;
  if (forcedLoginMethod === "api" && auth.mode === "chatgpt")
    return "API key login is required, but ChatGPT is currently being used.";
  if (forcedLoginMethod === "chatgpt" && auth.mode === "api_key")
    return "ChatGPT login is required, but an API key is currently being used.";
  if (forcedWorkspaceIds && forcedWorkspaceIds.length > 0 && auth.mode === "chatgpt") {
    const expected = forcedWorkspaceIds.join(", ");
    const actual = idTokenInfo(auth.session.tokens.id_token).accountId;
    if (actual === null)
      return `Login is restricted to workspace(s) ${expected}, but current credentials lack a workspace identifier.`;
    if (!forcedWorkspaceIds.includes(actual))
      return `Login is restricted to workspace(s) ${expected}, but current credentials belong to ${actual}.`;
  }
  return null;
}

/**
 * Null when the credentials in use are allowed by `forced_login_method` and
 * `forced_chatgpt_workspace_id`; otherwise what was wrong and what was done (stored credentials are
 * removed). Throws `AuthFileError`/`CredentialsStoreError` when the stored login cannot be read.
 */
export function enforceLoginRestrictions(
  config: Config,
  options: { env?: Record<string, string | undefined>; useCodexApiKeyEnv?: boolean } = {},
): string | null {
  const restrictions: LoginRestrictions = {
    codexHome: config.codexHome,
    storeMode: config.cli_auth_credentials_store,
    forcedLoginMethod: config.forced_login_method,
    forcedWorkspaceIds: config.forced_chatgpt_workspace_id,
  };
  if (restrictions.forcedLoginMethod === null && restrictions.forcedWorkspaceIds === null) return null;
  const auth = resolveAuth({
    codexHome: restrictions.codexHome,
    env: options.env ?? process.env,
    useCodexApiKeyEnv: options.useCodexApiKeyEnv ?? false,
    storeMode: restrictions.storeMode,
  });
  if (auth === null) return null;
  const problem = violation(auth, restrictions);
  if (problem === null) return null;
  if (auth.source === "OPENAI_API_KEY" || auth.source === "CODEX_API_KEY")
    return `${problem} Unset ${auth.source} and run \`codex login\`.`;
  try {
    deleteStoredAuth(restrictions.codexHome, restrictions.storeMode);
  } catch (error) {
    return `${problem} Logging out. Failed to remove auth.json: ${(error as Error).message}`;
  }
  return `${problem} Logging out.`;
}
