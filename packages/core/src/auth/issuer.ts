/**
 * The OpenAI sign-in service as Codex CLI talks to it: its address, the CLI's OAuth client id, the
 * environment overrides for the refresh and revoke endpoints, and small JSON/form POST helpers
 * that never put a request's body (it holds secrets) into an error message.
 */
import { CODEX_VERSION } from "@codex/protocol";
import { codexUserAgent, resolveOriginator } from "../client/user-agent.ts";

export const DEFAULT_ISSUER = "https://auth.openai.com";
export const CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";
const REFRESH_TOKEN_URL_OVERRIDE_ENV_VAR = "CODEX_REFRESH_TOKEN_URL_OVERRIDE";
const REVOKE_TOKEN_URL_OVERRIDE_ENV_VAR = "CODEX_REVOKE_TOKEN_URL_OVERRIDE";

type Env = Record<string, string | undefined>;

const HTTP_TIMEOUT_MS = 30_000;

export function trimIssuer(issuer: string): string {
  return issuer.replace(/\/+$/, "");
}

export function refreshTokenUrl(env: Env): string {
  return env[REFRESH_TOKEN_URL_OVERRIDE_ENV_VAR] || `${DEFAULT_ISSUER}/oauth/token`;
}

/** The revoke override, else `/oauth/revoke` on the refresh override's host, else the default. */
export function revokeTokenUrl(env: Env): string {
  const override = env[REVOKE_TOKEN_URL_OVERRIDE_ENV_VAR];
  if (override) return override;
  const refresh = env[REFRESH_TOKEN_URL_OVERRIDE_ENV_VAR];
  if (refresh) {
    try {
      const url = new URL(refresh);
      url.pathname = "/oauth/revoke";
      url.search = "";
      return url.toString();
    } catch {
      // fall through to the default
    }
  }
  return `${DEFAULT_ISSUER}/oauth/revoke`;
}

/** `originator` and `User-Agent` as the model client sends them (refresh and revoke carry them). */
export function clientHeaders(originator: string, env: Env): Record<string, string> {
  const resolved = resolveOriginator(originator, env);
  return {
    originator: resolved,
    "User-Agent": codexUserAgent({ originator: resolved, version: CODEX_VERSION, env }),
  };
}

export type HttpAnswer = { status: number; text: string; json: unknown };

/** Raised when the service could not be reached at all (as opposed to an HTTP error answer). */
export class IssuerUnreachableError extends Error {
  override name = "IssuerUnreachableError";
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
  } catch (error) {
    // Name the failure by its code (ECONNREFUSED, ENOTFOUND, TimeoutError…), never the request.
    const failure = error as { code?: string; name?: string; cause?: { code?: string } };
    const reason = failure.code ?? failure.cause?.code ?? failure.name ?? "network error";
    throw new IssuerUnreachableError(`cannot reach ${new URL(url).origin} (${reason})`);
  }
  const text = await response.text().catch(() => "");
  let json: unknown = null;
  try {
    json = text === "" ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return post(url, JSON.stringify(body), { "content-type": "application/json", ...headers });
}

/** Form-encoded POST with the fields in the given order (as the reference sends them). */
export function postForm(url: string, fields: Array<[string, string]>): Promise<HttpAnswer> {
  const body = fields.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
  return post(url, body, { "content-type": "application/x-www-form-urlencoded" });
}

/**
 * A short, secret-free description of an error answer: the service's `error_description`,
 * `error.message`, or `error` code, else the status alone.
 */
export function describeErrorAnswer(answer: HttpAnswer): string {
  const body = answer.json as Record<string, unknown> | null;
  const error = body?.error;
  const pick = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : null);
  const detail =
    pick(body?.error_description) ??
    (error !== null && typeof error === "object"
      ? (pick((error as Record<string, unknown>).message) ?? pick((error as Record<string, unknown>).code))
      : pick(error));
  return detail ? `status ${answer.status}: ${detail}` : `status ${answer.status}`;
}

/** The `error.code` (or string `error`) of an error answer, lower-cased. */
export function errorCodeOf(answer: HttpAnswer): string | null {
  const body = answer.json as Record<string, unknown> | null;
  const error = body?.error;
  if (typeof error === "string") return error.toLowerCase();
  if (error !== null && typeof error === "object") {
    const code = (error as Record<string, unknown>).code;
    if (typeof code === "string") return code.toLowerCase();
  }
  return typeof body?.code === "string" ? body.code.toLowerCase() : null;
}
