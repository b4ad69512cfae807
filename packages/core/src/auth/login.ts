/**
 * `codex login --with-api-key`, `codex login status` and `codex logout`. Each returns the text to
 * print on stderr (as the reference does) and the exit code; the CLI prints and exits.
 */
import { join } from "node:path";
import { withLockFile } from "../locks/flock.ts";
import type { AuthDotJson } from "./auth-file.ts";
import {
  type CredentialsStoreMode,
  deleteStoredAuth,
  loadStoredAuth,
  saveStoredAuth,
} from "./credentials-store.ts";
import { OPENAI_API_KEY_ENV_VAR, storedAuthMode } from "./resolve-auth.ts";
import { revokeRefreshToken } from "./revoke.ts";
import { idTokenInfo } from "./token-claims.ts";

export type LoginCommandResult = { message: string; exitCode: number };

export type StoreOptions = {
  /** `cli_auth_credentials_store` (default `file`). */
  storeMode?: CredentialsStoreMode;
};

/** `sk-proj-1234567890ABCDE` → `sk-proj-***ABCDE`; keys of 13 characters or fewer → `***`. */
export function safeFormatKey(key: string): string {
  if (key.length <= 13) return "***";
  return `${key.slice(0, 8)}***${key.slice(-5)}`;
}

function failure(prefix: string, error: unknown): LoginCommandResult {
  return { message: `${prefix}: ${(error as Error).message}`, exitCode: 1 };
}

/** Stores an API key in auth.json (mode 0600, 0.169's `apikey` layout), replacing any earlier login. */
export function loginWithApiKey(
  codexHome: string,
  apiKey: string,
  options: StoreOptions & { forcedLoginMethod?: "chatgpt" | "api" | null } = {},
): LoginCommandResult {
  if (options.forcedLoginMethod === "chatgpt")
    return { message: "API key login is disabled. Use ChatGPT login instead.", exitCode: 1 };
  const key = apiKey.trim();
  if (key === "") {
    return {
      message:
        "No API key given: pass it on stdin, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`",
      exitCode: 1,
    };
  }
  const auth: AuthDotJson = {
    auth_mode: "apikey",
    OPENAI_API_KEY: key,
    tokens: null,
    last_refresh: null,
    extra: { top: {}, tokens: {} },
  };
  try {
    saveStoredAuth(codexHome, options.storeMode ?? "file", auth);
  } catch (error) {
    return failure("Error logging in", error);
  }
  return { message: "Successfully logged in", exitCode: 0 };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Logged in using ChatGPT" and, when the id token says, the account's email and plan. */
function chatgptStatus(auth: AuthDotJson): string {
  const info = idTokenInfo(auth.tokens?.id_token ?? "");
  const details = [info.email, info.planType ? `${capitalized(info.planType)} plan` : null].filter(Boolean);
  return details.length > 0
    ? `Logged in using ChatGPT\n   Account: ${details.join(", ")}`
    : "Logged in using ChatGPT";
}

/**
 * What requests would use: the stored login ("Logged in using ChatGPT" / "Logged in using an API key
 * - sk-proj-***ABCDE"), else an `OPENAI_API_KEY` from the environment, else "Not logged in" (exit 1).
 */
export function loginStatus(
  codexHome: string,
  env: Record<string, string | undefined> = process.env,
  options: StoreOptions = {},
): LoginCommandResult {
  let stored: AuthDotJson | null;
  try {
    stored = loadStoredAuth(codexHome, options.storeMode ?? "file");
  } catch (error) {
    return failure("Error checking login status", error);
  }
  const mode = stored ? storedAuthMode(stored) : null;
  if (stored && mode === "chatgpt") return { message: chatgptStatus(stored), exitCode: 0 };
  if (stored && mode === "api_key" && stored.OPENAI_API_KEY !== null)
    return { message: `Logged in using an API key - ${safeFormatKey(stored.OPENAI_API_KEY)}`, exitCode: 0 };
  const envKey = env[OPENAI_API_KEY_ENV_VAR]?.trim();
  if (envKey) {
    return {
      message: `Logged in using an API key - ${safeFormatKey(envKey)}\n   API loaded from OPENAI_API_KEY environment variable or .env file`,
      exitCode: 0,
    };
  }
  return { message: "Not logged in", exitCode: 1 };
}

export type LogoutOptions = StoreOptions & {
  env?: Record<string, string | undefined>;
  /** Sent as `originator` on the revoke request. */
  originator?: string;
};

/**
 * Revokes a ChatGPT sign-in's refresh token at the issuer, then removes the stored credentials.
 * A failed revoke still logs out, with a warning.
 */
export async function logout(codexHome: string, options: LogoutOptions = {}): Promise<LoginCommandResult> {
  const storeMode = options.storeMode ?? "file";
  let stored: AuthDotJson | null;
  try {
    stored = loadStoredAuth(codexHome, storeMode);
  } catch {
    stored = null; // unreadable: nothing to revoke, but still remove it
  }
  let warning: string | null = null;
  const refreshToken = stored?.tokens?.refresh_token;
  if (refreshToken) {
    const problem = await revokeRefreshToken(
      refreshToken,
      options.env ?? process.env,
      options.originator ?? "codex_cli_rs",
    );
    if (problem !== null)
      warning = `warning: could not revoke the sign-in at the issuer (${problem}); removed it locally`;
  }
  let removed: boolean;
  try {
    removed = await withLockFile(
      join(codexHome, "auth.lock"),
      async () => deleteStoredAuth(codexHome, storeMode),
      {
        timeoutMs: 60_000,
      },
    );
  } catch (error) {
    return failure("Error logging out", error);
  }
  const message = removed ? "Successfully logged out" : "Not logged in";
  return { message: warning ? `${warning}\n${message}` : message, exitCode: 0 };
}
