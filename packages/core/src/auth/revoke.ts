/**
 * Revoking a sign-in at the issuer (`POST /oauth/revoke`, JSON `{token, token_type_hint, client_id}`;
 * `CODEX_REVOKE_TOKEN_URL_OVERRIDE` moves it), as `codex logout` and a replacing login do. Best
 * effort: the result is a warning to show, never a reason to keep credentials around.
 */
import {
  CLIENT_ID,
  clientHeaders,
  describeErrorAnswer,
  IssuerUnreachableError,
  postJson,
  revokeTokenUrl,
} from "./issuer.ts";

/** Revokes the refresh token; resolves with null on success, else a secret-free description. */
export async function revokeRefreshToken(
  refreshToken: string,
  env: Record<string, string | undefined>,
  originator: string,
): Promise<string | null> {
  try {
    const answer = await postJson(
      revokeTokenUrl(env),
      { token: refreshToken, token_type_hint: "refresh_token", client_id: CLIENT_ID },
      clientHeaders(originator, env),
    );
    if (answer.status >= 200 && answer.status < 300) return null;
    return `the sign-in service answered ${describeErrorAnswer(answer)}`;
  } catch (error) {
    if (error instanceof IssuerUnreachableError) return error.message;
    throw error;
  }
}
