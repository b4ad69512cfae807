/**
 * Which credentials a model request uses. Order: `CODEX_API_KEY` (only for `codex exec`), then
 * `OPENAI_API_KEY`, then `$CODEX_HOME/auth.json` (API key, else ChatGPT tokens).
 */
import { type AuthTokens, readAuthFile } from "./auth-file.ts";

export const CODEX_API_KEY_ENV_VAR = "CODEX_API_KEY";
export const OPENAI_API_KEY_ENV_VAR = "OPENAI_API_KEY";

export type AuthSource = "CODEX_API_KEY" | "OPENAI_API_KEY" | "auth.json";

export type CodexAuth =
  | { mode: "api_key"; apiKey: string; source: AuthSource }
  /** ChatGPT sign-in tokens found in auth.json (written by the reference's browser login). */
  | { mode: "chatgpt"; tokens: AuthTokens; source: "auth.json" };

export type ResolveAuthOptions = {
  codexHome: string;
  env?: Record<string, string | undefined>;
  /** Honour `CODEX_API_KEY` (true for `codex exec`, as in the reference). */
  useCodexApiKeyEnv?: boolean;
};

function nonBlank(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== "" ? value.trim() : null;
}

/** The credentials to use, or null when there are none. Throws `AuthFileError` for a broken auth.json. */
export function resolveAuth(options: ResolveAuthOptions): CodexAuth | null {
  const env = options.env ?? process.env;
  if (options.useCodexApiKeyEnv) {
    const key = nonBlank(env[CODEX_API_KEY_ENV_VAR]);
    if (key !== null) return { mode: "api_key", apiKey: key, source: "CODEX_API_KEY" };
  }
  const envKey = nonBlank(env[OPENAI_API_KEY_ENV_VAR]);
  if (envKey !== null) return { mode: "api_key", apiKey: envKey, source: "OPENAI_API_KEY" };
  const file = readAuthFile(options.codexHome);
  if (file === null) return null;
  if (file.OPENAI_API_KEY !== null)
    return { mode: "api_key", apiKey: file.OPENAI_API_KEY, source: "auth.json" };
  if (file.tokens !== null) return { mode: "chatgpt", tokens: file.tokens, source: "auth.json" };
  return null;
}
