/**
 * One OAuth refresh: `POST {client_id, grant_type: "refresh_token", refresh_reason, refresh_token}`
 * as JSON to the token endpoint (`CODEX_REFRESH_TOKEN_URL_OVERRIDE` moves it). A refresh token
 * the service rejects is final (`SignInExpiredError`); anything else may succeed later.
 */
import {
  CLIENT_ID,
  clientHeaders,
  describeErrorAnswer,
  errorCodeOf,
  IssuerUnreachableError,
  postJson,
  refreshTokenUrl,
} from "./issuer.ts";

export type RefreshReason = "proactive_expiry" | "unauthorized_recovery";

export type RefreshedTokens = { id_token?: string; access_token?: string; refresh_token?: string };

/** The sign-in cannot be renewed: the user must run `codex login` again. The message says so. */
export class SignInExpiredError extends Error {
  override name = "SignInExpiredError";
  constructor(
    reason: string,
    /** The service's code (`refresh_token_reused`, …) when it gave one. */
    readonly code: string | null = null,
  ) {
    super(`Your ChatGPT sign-in has expired (${reason}): run \`codex login\` to sign in again.`);
  }
}

/** The refresh could not be done now (network, 5xx); the current tokens stay in place. */
export class RefreshUnavailableError extends Error {
  override name = "RefreshUnavailableError";
}

const PERMANENT_REASONS: Record<string, string> = {
  refresh_token_expired: "the refresh token expired",
  refresh_token_reused: "the refresh token was already used",
  refresh_token_invalidated: "the refresh token was revoked",
};

export async function requestTokenRefresh(
  refreshToken: string,
  options: { reason: RefreshReason; env: Record<string, string | undefined>; originator: string },
): Promise<RefreshedTokens> {
  let answer: Awaited<ReturnType<typeof postJson>>;
  try {
    answer = await postJson(
      refreshTokenUrl(options.env),
      {
        client_id: CLIENT_ID,
        grant_type: "refresh_token",
        refresh_reason: options.reason,
        refresh_token: refreshToken,
      },
      clientHeaders(options.originator, options.env),
    );
  } catch (error) {
    if (error instanceof IssuerUnreachableError)
      throw new RefreshUnavailableError(`could not refresh the ChatGPT sign-in: ${error.message}`);
    throw error;
  }
  if (answer.status >= 200 && answer.status < 300) {
    const body = (answer.json ?? {}) as Record<string, unknown>;
    const pick = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : undefined);
    return {
      id_token: pick("id_token"),
      access_token: pick("access_token"),
      refresh_token: pick("refresh_token"),
    };
  }
  const code = errorCodeOf(answer);
  const known = code !== null ? PERMANENT_REASONS[code] : undefined;
  if (known) throw new SignInExpiredError(known, code);
  if (answer.status === 401)
    throw new SignInExpiredError("the sign-in service rejected the refresh token", code);
  throw new RefreshUnavailableError(
    `could not refresh the ChatGPT sign-in: the sign-in service answered ${describeErrorAnswer(answer)}`,
  );
}
