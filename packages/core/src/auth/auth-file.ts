/**
 * `$CODEX_HOME/auth.json`, the reference's credential file:
 * `{"OPENAI_API_KEY": "sk-…" | null, "tokens": {id_token, access_token, refresh_token, account_id} | null,
 *   "last_refresh": "<RFC 3339>" | null}`. Written with mode 0600.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type AuthTokens = {
  id_token: string;
  access_token: string;
  refresh_token: string;
  account_id?: string | null;
};

export type AuthDotJson = {
  OPENAI_API_KEY: string | null;
  tokens: AuthTokens | null;
  last_refresh: string | null;
};

export class AuthFileError extends Error {
  override name = "AuthFileError";
}

export function authFilePath(codexHome: string): string {
  return join(codexHome, "auth.json");
}

function asTokens(value: unknown): AuthTokens | null {
  if (value === null || typeof value !== "object") return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw.access_token !== "string") return null;
  return {
    id_token: typeof raw.id_token === "string" ? raw.id_token : "",
    access_token: raw.access_token,
    refresh_token: typeof raw.refresh_token === "string" ? raw.refresh_token : "",
    account_id: typeof raw.account_id === "string" ? raw.account_id : null,
  };
}

/** Reads auth.json; null when the file does not exist. A malformed file is an error naming it. */
export function readAuthFile(codexHome: string): AuthDotJson | null {
  const path = authFilePath(codexHome);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AuthFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AuthFileError(
      `${path} is not valid JSON (${(error as Error).message}); run \`codex logout\` and log in again`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new AuthFileError(`${path} must hold a JSON object; run \`codex logout\` and log in again`);
  }
  const raw = parsed as Record<string, unknown>;
  const key = raw.OPENAI_API_KEY;
  return {
    OPENAI_API_KEY: typeof key === "string" && key !== "" ? key : null,
    tokens: asTokens(raw.tokens),
    last_refresh: typeof raw.last_refresh === "string" ? raw.last_refresh : null,
  };
}

/** Writes auth.json atomically with mode 0600 (the directory is created when missing). */
export function writeAuthFile(codexHome: string, auth: AuthDotJson): void {
  mkdirSync(codexHome, { recursive: true });
  const path = authFilePath(codexHome);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(auth, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** Deletes auth.json; returns whether there was one. */
export function deleteAuthFile(codexHome: string): boolean {
  const path = authFilePath(codexHome);
  try {
    rmSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new AuthFileError(`cannot remove ${path}: ${(error as Error).message}`);
  }
}
