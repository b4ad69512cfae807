/**
 * `$CODEX_HOME/auth.json`, the credential file shared with Codex CLI (0.169 layout):
 * `{"auth_mode": "chatgpt", "OPENAI_API_KEY": null, "tokens": {id_token, access_token, refresh_token,
 *   …, account_id}, "last_refresh": "<RFC 3339>"}`, or `{"auth_mode": "apikey", "OPENAI_API_KEY": "sk-…"}`.
 * Fields this build does not know are kept on rewrite. Written atomically: a 0600 temporary file
 * (created with that mode, never readable by others even briefly) is synced, then renamed over it.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

export type TokenData = {
  id_token: string;
  access_token: string;
  refresh_token: string;
  account_id: string | null;
};

export type AuthDotJson = {
  /** `"apikey"`, `"chatgpt"`, or null in files written before the field existed. */
  auth_mode: string | null;
  OPENAI_API_KEY: string | null;
  tokens: TokenData | null;
  last_refresh: string | null;
  /** Everything else the file held (e.g. 0.169's `oauth_provenance`, `login_owner_id`), kept on rewrite. */
  extra: { top: Record<string, unknown>; tokens: Record<string, unknown> };
};

export class AuthFileError extends Error {
  override name = "AuthFileError";
}

function authFilePath(codexHome: string): string {
  return join(codexHome, "auth.json");
}

const KNOWN_TOP = new Set(["auth_mode", "OPENAI_API_KEY", "tokens", "last_refresh"]);
const KNOWN_TOKENS = new Set(["id_token", "access_token", "refresh_token", "account_id"]);

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function without(source: Record<string, unknown>, known: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !known.has(key)));
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === "string" ? value : fallback;
}

/** Builds the typed view of a parsed auth.json object. */
function parseAuthDotJson(raw: Record<string, unknown>): AuthDotJson {
  const tokens = objectOrNull(raw.tokens);
  const key = raw.OPENAI_API_KEY;
  return {
    auth_mode: stringOr(raw.auth_mode, null),
    OPENAI_API_KEY: typeof key === "string" && key.trim() !== "" ? key : null,
    tokens:
      tokens && typeof tokens.access_token === "string"
        ? {
            id_token: stringOr(tokens.id_token, ""),
            access_token: tokens.access_token,
            refresh_token: stringOr(tokens.refresh_token, ""),
            account_id: stringOr(tokens.account_id, null),
          }
        : null,
    last_refresh: stringOr(raw.last_refresh, null),
    extra: { top: without(raw, KNOWN_TOP), tokens: tokens ? without(tokens, KNOWN_TOKENS) : {} },
  };
}

/** The JSON text in 0.169's key order; absent values are left out as it does. */
function serializeAuthDotJson(auth: AuthDotJson): string {
  const out: Record<string, unknown> = {};
  if (auth.auth_mode !== null) out.auth_mode = auth.auth_mode;
  out.OPENAI_API_KEY = auth.OPENAI_API_KEY;
  if (auth.tokens !== null) {
    const { id_token, access_token, refresh_token, account_id } = auth.tokens;
    out.tokens = {
      id_token,
      access_token,
      refresh_token,
      ...auth.extra.tokens,
      ...(account_id !== null ? { account_id } : {}),
    };
  }
  if (auth.last_refresh !== null) out.last_refresh = auth.last_refresh;
  Object.assign(out, auth.extra.top);
  return JSON.stringify(out, null, 2);
}

/** Reads auth.json; null when the file does not exist. A malformed file is an error naming it. */
export function readAuthFile(codexHome: string): AuthDotJson | null {
  const path = authFilePath(codexHome);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw new AuthFileError(`cannot read ${path} (${code ?? "error"}); check its permissions`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the file's text, which holds secrets: say only where.
    throw new AuthFileError(`${path} is not valid JSON; run \`codex logout\` and log in again`);
  }
  const raw = objectOrNull(parsed);
  if (raw === null) {
    throw new AuthFileError(`${path} must hold a JSON object; run \`codex logout\` and log in again`);
  }
  return parseAuthDotJson(raw);
}

/** Writes auth.json atomically with mode 0600 (the directory is created when missing). */
export function writeAuthFile(codexHome: string, auth: AuthDotJson): void {
  mkdirSync(codexHome, { recursive: true });
  const temp = join(
    codexHome,
    `.auth-${Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString("hex")}`,
  );
  const fd = openSync(temp, "wx", 0o600);
  try {
    try {
      writeSync(fd, serializeAuthDotJson(auth));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, authFilePath(codexHome));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new AuthFileError(
      `cannot write ${authFilePath(codexHome)} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
}

/** Deletes auth.json; returns whether there was one. */
export function deleteAuthFile(codexHome: string): boolean {
  const path = authFilePath(codexHome);
  try {
    rmSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return false;
    throw new AuthFileError(`cannot remove ${path} (${code ?? "error"})`);
  }
}
