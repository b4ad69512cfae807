/**
 * `codex login --with-api-key`, `codex login status` and `codex logout`. Each returns the text to
 * print on stderr (as the reference does) and the exit code; the CLI prints and exits.
 */
import { deleteAuthFile, readAuthFile, writeAuthFile } from "./auth-file.ts";
import { OPENAI_API_KEY_ENV_VAR } from "./resolve-auth.ts";

export type LoginCommandResult = { message: string; exitCode: number };

/** `sk-proj-1234567890ABCDE` → `sk-proj-***ABCDE`; keys of 13 characters or fewer → `***`. */
export function safeFormatKey(key: string): string {
  if (key.length <= 13) return "***";
  return `${key.slice(0, 8)}***${key.slice(-5)}`;
}

/** Stores an API key in `$CODEX_HOME/auth.json` (mode 0600), replacing any earlier login. */
export function loginWithApiKey(codexHome: string, apiKey: string): LoginCommandResult {
  const key = apiKey.trim();
  if (key === "") {
    return {
      message:
        "No API key given: pass it on stdin, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`",
      exitCode: 1,
    };
  }
  try {
    writeAuthFile(codexHome, { OPENAI_API_KEY: key, tokens: null, last_refresh: null });
  } catch (error) {
    return { message: `Error logging in: ${(error as Error).message}`, exitCode: 1 };
  }
  return { message: "Successfully logged in", exitCode: 0 };
}

/**
 * "Logged in using an API key - sk-proj-***ABCDE", "Logged in using ChatGPT" or "Not logged in"
 * (exit code 1). An `OPENAI_API_KEY` in the environment counts as a login, as it is used for requests.
 */
export function loginStatus(
  codexHome: string,
  env: Record<string, string | undefined> = process.env,
): LoginCommandResult {
  let file: ReturnType<typeof readAuthFile>;
  try {
    file = readAuthFile(codexHome);
  } catch (error) {
    return { message: `Error checking login status: ${(error as Error).message}`, exitCode: 1 };
  }
  const envKey = env[OPENAI_API_KEY_ENV_VAR]?.trim() || null;
  const key = envKey ?? file?.OPENAI_API_KEY ?? null;
  if (key !== null) {
    const lines = [`Logged in using an API key - ${safeFormatKey(key)}`];
    if (envKey !== null && envKey === key) {
      lines.push("   API loaded from OPENAI_API_KEY environment variable or .env file");
    }
    return { message: lines.join("\n"), exitCode: 0 };
  }
  if (file?.tokens) return { message: "Logged in using ChatGPT", exitCode: 0 };
  return { message: "Not logged in", exitCode: 1 };
}

/** Removes `$CODEX_HOME/auth.json`. */
export function logout(codexHome: string): LoginCommandResult {
  try {
    return deleteAuthFile(codexHome)
      ? { message: "Successfully logged out", exitCode: 0 }
      : { message: "Not logged in", exitCode: 0 };
  } catch (error) {
    return { message: `Error logging out: ${(error as Error).message}`, exitCode: 1 };
  }
}
