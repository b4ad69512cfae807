/**
 * Whether the configured provider will find credentials, checked before any request so a front
 * end can say what to do at start instead of after the first prompt fails. The rules are those of
 * the model client: a provider's `env_key` must be set; providers that need OpenAI auth need
 * OPENAI_API_KEY (CODEX_API_KEY for exec) or `$CODEX_HOME/auth.json`; others (Ollama) need nothing.
 */
import type { Config } from "../config/types.ts";
import { AuthFileError } from "./auth-file.ts";
import { CredentialsStoreError } from "./credentials-store.ts";
import { resolveAuth } from "./resolve-auth.ts";

export type MissingCredentialsOptions = {
  env?: Record<string, string | undefined>;
  /** Count `CODEX_API_KEY` (as `codex exec` does). */
  useCodexApiKeyEnv?: boolean;
};

/** A one-line message saying what is missing and how to fix it, or null when credentials exist. */
export function missingCredentials(
  config: Pick<Config, "codexHome" | "model_provider" | "cli_auth_credentials_store">,
  options: MissingCredentialsOptions = {},
): string | null {
  const env = options.env ?? process.env;
  const provider = config.model_provider;
  if (provider.env_key) {
    if ((env[provider.env_key] ?? "").trim() !== "") return null;
    const instructions = provider.env_key_instructions ? ` ${provider.env_key_instructions}` : "";
    return `No API key for model provider \`${provider.id}\`: set the ${provider.env_key} environment variable and start codex again.${instructions}`;
  }
  if (!provider.requires_openai_auth) return null;
  try {
    const auth = resolveAuth({
      codexHome: config.codexHome,
      env,
      useCodexApiKeyEnv: options.useCodexApiKeyEnv,
      storeMode: config.cli_auth_credentials_store,
    });
    if (auth !== null) return null;
  } catch (error) {
    // A broken auth.json or an unusable credentials store: its message says what to do.
    if (error instanceof AuthFileError || error instanceof CredentialsStoreError) return error.message;
    throw error;
  }
  return `Not logged in to model provider \`${provider.id}\`: run \`codex login\` to sign in with ChatGPT, \`codex login --with-api-key\` (the key on stdin), or set OPENAI_API_KEY and start codex again.`;
}
