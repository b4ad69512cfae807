/**
 * Which credentials a model request uses. Order, as in Codex CLI 0.169: `CODEX_API_KEY` (only for
 * `codex exec`), then the stored login (auth.json: an API key or a ChatGPT sign-in), then
 * `OPENAI_API_KEY` from the environment. A ChatGPT user who also exports OPENAI_API_KEY for other
 * tools keeps using the plan, as with Codex CLI.
 */
import type { AuthDotJson, TokenData } from "./auth-file.ts";
import { ChatGptAuth } from "./chatgpt-auth.ts";
import { type CredentialsStoreMode, loadStoredAuth } from "./credentials-store.ts";

const CODEX_API_KEY_ENV_VAR = "CODEX_API_KEY";
export const OPENAI_API_KEY_ENV_VAR = "OPENAI_API_KEY";

type AuthSource = "CODEX_API_KEY" | "OPENAI_API_KEY" | "auth.json";

export type CodexAuth =
  | { mode: "api_key"; apiKey: string; source: AuthSource }
  /** A ChatGPT sign-in from auth.json; `session` refreshes it as needed. */
  | { mode: "chatgpt"; session: ChatGptAuth; source: "auth.json" };

export type ResolveAuthOptions = {
  codexHome: string;
  env?: Record<string, string | undefined>;
  /** Honour `CODEX_API_KEY` (true for `codex exec`, as in the reference). */
  useCodexApiKeyEnv?: boolean;
  /** `cli_auth_credentials_store` (default `file`). */
  storeMode?: CredentialsStoreMode;
  /** Sent as `originator` on token refreshes (default `codex_cli_rs`). */
  originator?: string;
};

function nonBlank(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== "" ? value.trim() : null;
}

/** The mode auth.json is in: its `auth_mode`, else API key when it has one, else ChatGPT. */
export function storedAuthMode(auth: AuthDotJson): "api_key" | "chatgpt" | null {
  if (auth.auth_mode === "apikey") return auth.OPENAI_API_KEY !== null ? "api_key" : null;
  if (auth.auth_mode === null && auth.OPENAI_API_KEY !== null) return "api_key";
  return auth.tokens !== null ? "chatgpt" : null;
}

/**
 * The credentials to use, or null when there are none. Throws `AuthFileError` for a broken
 * auth.json and `CredentialsStoreError` for an unusable `cli_auth_credentials_store`.
 */
export function resolveAuth(options: ResolveAuthOptions): CodexAuth | null {
  const env = options.env ?? process.env;
  if (options.useCodexApiKeyEnv) {
    const key = nonBlank(env[CODEX_API_KEY_ENV_VAR]);
    if (key !== null) return { mode: "api_key", apiKey: key, source: "CODEX_API_KEY" };
  }
  const stored = loadStoredAuth(options.codexHome, options.storeMode ?? "file");
  const mode = stored ? storedAuthMode(stored) : null;
  if (stored && mode === "api_key" && stored.OPENAI_API_KEY !== null)
    return { mode: "api_key", apiKey: stored.OPENAI_API_KEY, source: "auth.json" };
  if (stored && mode === "chatgpt" && stored.tokens !== null) {
    const session = new ChatGptAuth(
      { ...stored, tokens: stored.tokens as TokenData },
      { codexHome: options.codexHome, env, originator: options.originator ?? "codex_cli_rs" },
    );
    return { mode: "chatgpt", session, source: "auth.json" };
  }
  const envKey = nonBlank(env[OPENAI_API_KEY_ENV_VAR]);
  if (envKey !== null) return { mode: "api_key", apiKey: envKey, source: "OPENAI_API_KEY" };
  return null;
}
