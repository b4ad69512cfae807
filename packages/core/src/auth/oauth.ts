/**
 * The parts both sign-in flows share: PKCE, the authorization-code exchange, the workspace
 * restriction, and storing the result in 0.169's auth.json layout (with `oauth_provenance` and a
 * fresh `login_owner_id`). A login that replaces another ChatGPT sign-in revokes the old refresh
 * token, best effort, as Codex CLI does.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { withLockFile } from "../locks/flock.ts";
import type { AuthDotJson } from "./auth-file.ts";
import { type CredentialsStoreMode, loadStoredAuth, saveStoredAuth } from "./credentials-store.ts";
import { describeErrorAnswer, IssuerUnreachableError, postForm, trimIssuer } from "./issuer.ts";
import { revokeRefreshToken } from "./revoke.ts";
import { idTokenInfo } from "./token-claims.ts";

export type Pkce = { verifier: string; challenge: string };

export type ExchangedTokens = { id_token: string; access_token: string; refresh_token: string };

/** A sign-in that cannot complete; the message is for the user and holds no secret. */
export class LoginError extends Error {
  override name = "LoginError";
}

function randomUrlSafe(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}

export function generatePkce(): Pkce {
  const verifier = randomUrlSafe(64);
  return { verifier, challenge: new Bun.CryptoHasher("sha256").update(verifier).digest("base64url") };
}

export function generateState(): string {
  return randomUrlSafe(32);
}

/** `POST {issuer}/oauth/token` with the code and the PKCE verifier (form-encoded). */
export async function exchangeCodeForTokens(options: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  verifier: string;
  code: string;
}): Promise<ExchangedTokens> {
  let answer: Awaited<ReturnType<typeof postForm>>;
  try {
    answer = await postForm(`${trimIssuer(options.issuer)}/oauth/token`, [
      ["grant_type", "authorization_code"],
      ["client_id", options.clientId],
      ["code", options.code],
      ["redirect_uri", options.redirectUri],
      ["code_verifier", options.verifier],
    ]);
  } catch (error) {
    if (error instanceof IssuerUnreachableError)
      throw new LoginError(`Token exchange failed: ${error.message}`);
    throw error;
  }
  if (answer.status < 200 || answer.status >= 300)
    throw new LoginError(`Token exchange failed: token endpoint returned ${describeErrorAnswer(answer)}`);
  const body = (answer.json ?? {}) as Record<string, unknown>;
  const { id_token, access_token, refresh_token } = body;
  if (typeof id_token !== "string" || typeof access_token !== "string" || typeof refresh_token !== "string")
    throw new LoginError(
      "Token exchange failed: the token endpoint's answer lacks id_token, access_token or refresh_token",
    );
  return { id_token, access_token, refresh_token };
}

/** Refuses tokens for a workspace other than the ones `forced_chatgpt_workspace_id` allows. */
export function ensureWorkspaceAllowed(allowed: readonly string[] | null, idToken: string): void {
  if (allowed === null || allowed.length === 0) return;
  const actual = idTokenInfo(idToken).accountId;
  if (actual === null) {
    throw new LoginError(
      "Login is restricted to a specific workspace, but the token did not include an chatgpt_account_id claim.",
    );
  }
  if (!allowed.includes(actual))
    throw new LoginError(`Login is restricted to workspace id(s) ${allowed.join(", ")}.`);
}

export type PersistOptions = {
  codexHome: string;
  storeMode: CredentialsStoreMode;
  issuer: string;
  clientId: string;
  env: Record<string, string | undefined>;
  originator: string;
};

/** Stores a completed sign-in, replacing any earlier login (whose refresh token is then revoked). */
export async function persistLogin(tokens: ExchangedTokens, options: PersistOptions): Promise<void> {
  const auth: AuthDotJson = {
    auth_mode: "chatgpt",
    OPENAI_API_KEY: null,
    tokens: {
      id_token: tokens.id_token,
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      account_id: idTokenInfo(tokens.id_token).accountId,
    },
    last_refresh: new Date().toISOString(),
    extra: {
      top: {},
      tokens: {
        oauth_provenance: { issuer: trimIssuer(options.issuer), client_id: options.clientId },
        login_owner_id: randomUrlSafe(32),
      },
    },
  };
  let previous: AuthDotJson | null = null;
  mkdirSync(options.codexHome, { recursive: true });
  await withLockFile(
    join(options.codexHome, "auth.lock"),
    async () => {
      try {
        previous = loadStoredAuth(options.codexHome, options.storeMode);
      } catch {
        previous = null; // an unreadable old file is simply replaced
      }
      saveStoredAuth(options.codexHome, options.storeMode, auth);
    },
    { timeoutMs: 60_000 },
  );
  const old = (previous as AuthDotJson | null)?.tokens?.refresh_token;
  if (old && old !== tokens.refresh_token) await revokeRefreshToken(old, options.env, options.originator);
}
