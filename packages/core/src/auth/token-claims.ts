/**
 * What Codex reads from the sign-in tokens (JWTs, decoded without verifying: they come straight
 * from the issuer over TLS and are only sent back to OpenAI): the account from the id token's
 * `https://api.openai.com/auth` claim and the access token's expiry.
 */

export type IdTokenInfo = {
  email: string | null;
  planType: string | null;
  accountId: string | null;
  userId: string | null;
};

const AUTH_CLAIM = "https://api.openai.com/auth";
const PROFILE_CLAIM = "https://api.openai.com/profile";

/** The payload of a JWT, or null for anything that is not one. */
function jwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => part === "")) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")) as unknown;
    return payload !== null && typeof payload === "object" && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function claimObject(payload: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = payload[name];
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function idTokenInfo(idToken: string): IdTokenInfo {
  const payload = jwtPayload(idToken) ?? {};
  const auth = claimObject(payload, AUTH_CLAIM);
  return {
    email: str(payload.email) ?? str(claimObject(payload, PROFILE_CLAIM).email),
    planType: str(auth.chatgpt_plan_type),
    accountId: str(auth.chatgpt_account_id),
    userId: str(auth.chatgpt_user_id) ?? str(auth.user_id),
  };
}

/** The token's `exp` in milliseconds since the epoch, or null when it has none. */
export function jwtExpiryMs(token: string): number | null {
  const exp = jwtPayload(token)?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
}
