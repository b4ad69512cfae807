/**
 * The OpenAI sign-in service (`https://auth.openai.com`) as the Codex CLI uses it: the browser
 * authorize redirect, the token endpoint (authorization code with PKCE, refresh token, API-key token
 * exchange), revocation, and device-code sign-in. Tokens are minted per run; a refresh token works
 * once, as on the real service.
 */
import { createHash, randomBytes } from "node:crypto";
import { makeJwt } from "./jwt.ts";
import type { RecordedRequest } from "./mock-model-server.ts";
import { httpError, type ScriptedResponse } from "./scripted-response.ts";

/** The Codex CLI's OAuth client id. */
export const CODEX_CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";

export type MockAccount = { email: string; accountId: string; userId: string; planType: string };

export type MintedTokens = {
  id_token: string;
  access_token: string;
  refresh_token: string;
  account_id: string;
};

export type MockIssuerOptions = {
  account?: Partial<MockAccount>;
  /** Lifetime of minted access tokens (default one hour). */
  accessTokenTtlSeconds?: number;
  /** The `interval` the device-code endpoint hands out, in seconds (default 1). */
  deviceIntervalSeconds?: number;
};

type Session = { account: MockAccount; used: boolean; revoked: boolean; accessTokens: Set<string> };
type AuthorizationCode = {
  challenge: string;
  redirectUri: string;
  account: MockAccount;
  used: boolean;
};
type DeviceAuth = { userCode: string; approved: boolean; verifier: string };

const DEFAULT_ACCOUNT: MockAccount = {
  email: "user@example.com",
  accountId: "acct-mock-1",
  userId: "user-mock-1",
  planType: "plus",
};

function json(status: number, body: unknown): ScriptedResponse {
  return httpError(status, body);
}

function redirect(location: string): ScriptedResponse {
  return httpError(302, "", { headers: { location } });
}

function random(prefix: string): string {
  return `${prefix}${randomBytes(18).toString("base64url")}`;
}

export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

function formBody(request: RecordedRequest): Record<string, string> {
  if (request.body !== null && typeof request.body === "object")
    return request.body as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(request.rawBody));
}

export class MockIssuer {
  readonly account: MockAccount;
  /** When set, the next authorize request is answered with this OAuth error instead of a code. */
  authorizeError: { error: string; description?: string } | null = null;
  /** When true, the revoke endpoint answers 500. */
  failRevoke = false;
  /** While set, refresh requests wait for it before being answered (see `holdRefreshes`). */
  private refreshHold: Promise<void> | null = null;
  private readonly sessions = new Map<string, Session>();
  private readonly accessTokens = new Map<string, { exp: number; revoked: boolean; account: MockAccount }>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly devices = new Map<string, DeviceAuth>();
  private readonly ttlSeconds: number;
  private readonly deviceInterval: number;

  constructor(
    /** `http://127.0.0.1:<port>` */
    readonly url: string,
    options: MockIssuerOptions = {},
  ) {
    this.account = { ...DEFAULT_ACCOUNT, ...options.account };
    this.ttlSeconds = options.accessTokenTtlSeconds ?? 3600;
    this.deviceInterval = options.deviceIntervalSeconds ?? 1;
  }

  /** A new sign-in (what a completed login stores). `accessExpiresInSeconds < 0` gives an expired token. */
  mintTokens(
    options: { accessExpiresInSeconds?: number; account?: Partial<MockAccount> } = {},
  ): MintedTokens {
    const account = { ...this.account, ...options.account };
    const refresh = random("rt_");
    this.sessions.set(refresh, { account, used: false, revoked: false, accessTokens: new Set() });
    return this.issue(refresh, account, options.accessExpiresInSeconds ?? this.ttlSeconds);
  }

  /** Accepts a refresh token minted elsewhere (e.g. in a fixture written by Rust Codex) as a live session. */
  trustRefreshToken(token: string, account: Partial<MockAccount> = {}): void {
    this.sessions.set(token, {
      account: { ...this.account, ...account },
      used: false,
      revoked: false,
      accessTokens: new Set(),
    });
  }

  /** Whether `token` is an access token this issuer minted that is unexpired and not revoked. */
  accessTokenValid(token: string, accountId: string | undefined): boolean {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.revoked || entry.exp <= Date.now() / 1000) return false;
    return accountId === entry.account.accountId;
  }

  /** Revokes the given access tokens, or every one minted so far (the backend then answers 401). */
  revokeAccessTokens(only?: string[]): void {
    for (const [token, entry] of this.accessTokens) if (!only || only.includes(token)) entry.revoked = true;
  }

  /** Whether the refresh token was revoked through `/oauth/revoke`. */
  refreshTokenRevoked(token: string): boolean {
    return this.sessions.get(token)?.revoked === true;
  }

  /**
   * Spends a refresh token as another client would (Rust Codex refreshing before it takes the lock)
   * and returns the new sign-in; the token is then used up for everyone else.
   */
  spendRefreshToken(refreshToken: string): MintedTokens {
    const session = this.sessions.get(refreshToken);
    if (!session || session.used || session.revoked)
      throw new Error("mock issuer: refresh token is not live");
    session.used = true;
    return this.mintTokens({ account: session.account });
  }

  /** Refresh requests wait until the returned function is called (to line up concurrent refreshers). */
  holdRefreshes(): () => void {
    let release = () => {};
    this.refreshHold = new Promise((resolve) => {
      release = () => {
        this.refreshHold = null;
        resolve();
      };
    });
    return release;
  }

  /** Marks a device code as entered and approved by the user in the browser. */
  approveDevice(userCode: string): void {
    const device = [...this.devices.values()].find((entry) => entry.userCode === userCode);
    if (!device) throw new Error(`mock issuer: no device code ${userCode}`);
    device.approved = true;
  }

  /** Answers the request if it is for an issuer endpoint; null otherwise. */
  async handle(request: RecordedRequest): Promise<ScriptedResponse | null> {
    const route = `${request.method} ${request.path}`;
    switch (route) {
      case "GET /oauth/authorize":
        return this.authorize(request);
      case "POST /oauth/token":
        if (formBody(request).grant_type === "refresh_token" && this.refreshHold) await this.refreshHold;
        return this.token(request);
      case "POST /oauth/revoke":
        return this.revoke(request);
      case "POST /api/accounts/deviceauth/usercode":
        return this.deviceUserCode(request);
      case "POST /api/accounts/deviceauth/token":
        return this.deviceToken(request);
      default:
        return null;
    }
  }

  private issue(refresh: string, account: MockAccount, ttlSeconds: number): MintedTokens {
    const now = Math.floor(Date.now() / 1000);
    const auth = {
      chatgpt_account_id: account.accountId,
      chatgpt_plan_type: account.planType,
      chatgpt_user_id: account.userId,
      user_id: account.userId,
    };
    const idToken = makeJwt({
      iss: this.url,
      aud: [CODEX_CLIENT_ID],
      sub: account.userId,
      email: account.email,
      email_verified: true,
      iat: now,
      exp: now + 3600,
      "https://api.openai.com/profile": { email: account.email, email_verified: true },
      "https://api.openai.com/auth": { ...auth, organizations: [] },
    });
    const accessToken = makeJwt({
      iss: this.url,
      aud: ["https://api.openai.com/v1"],
      client_id: CODEX_CLIENT_ID,
      jti: random(""),
      iat: now,
      exp: now + ttlSeconds,
      scp: ["openid", "profile", "email", "offline_access"],
      "https://api.openai.com/profile": { email: account.email, email_verified: true },
      "https://api.openai.com/auth": auth,
    });
    this.accessTokens.set(accessToken, { exp: now + ttlSeconds, revoked: false, account });
    this.sessions.get(refresh)?.accessTokens.add(accessToken);
    return {
      id_token: idToken,
      access_token: accessToken,
      refresh_token: refresh,
      account_id: account.accountId,
    };
  }

  private authorize(request: RecordedRequest): ScriptedResponse {
    const q = request.query;
    for (const name of ["response_type", "client_id", "redirect_uri", "scope", "code_challenge", "state"]) {
      if (!q[name]) return httpError(400, `missing ${name}`);
    }
    if (q.response_type !== "code") return httpError(400, "response_type must be code");
    if (q.client_id !== CODEX_CLIENT_ID) return httpError(400, `unknown client_id ${q.client_id}`);
    if (q.code_challenge_method !== "S256") return httpError(400, "code_challenge_method must be S256");
    const scopes = (q.scope ?? "").split(" ");
    for (const scope of ["openid", "profile", "email", "offline_access"]) {
      if (!scopes.includes(scope)) return httpError(400, `scope lacks ${scope}`);
    }
    const target = new URL(q.redirect_uri ?? "");
    if (this.authorizeError) {
      target.searchParams.set("error", this.authorizeError.error);
      if (this.authorizeError.description)
        target.searchParams.set("error_description", this.authorizeError.description);
    } else {
      const code = random("ac_");
      this.codes.set(code, {
        challenge: q.code_challenge ?? "",
        redirectUri: q.redirect_uri ?? "",
        account: this.account,
        used: false,
      });
      target.searchParams.set("code", code);
    }
    target.searchParams.set("state", q.state ?? "");
    return redirect(target.toString());
  }

  private token(request: RecordedRequest): ScriptedResponse {
    const body = formBody(request);
    switch (body.grant_type) {
      case "authorization_code":
        return this.exchangeCode(body);
      case "refresh_token":
        return this.refresh(body);
      case "urn:ietf:params:oauth:grant-type:token-exchange":
        // The API-key exchange needs an organisation; a plain ChatGPT account has none.
        return json(401, {
          error: { message: "Invalid ID token: missing organization_id", code: "invalid_id_token" },
        });
      default:
        return json(400, { error: "unsupported_grant_type" });
    }
  }

  private exchangeCode(body: Record<string, string>): ScriptedResponse {
    const entry = this.codes.get(body.code ?? "");
    const invalid = (description: string) =>
      json(400, { error: "invalid_grant", error_description: description });
    if (!entry || entry.used) return invalid("authorization code is invalid or was already used");
    entry.used = true;
    if (body.client_id !== CODEX_CLIENT_ID) return invalid("client_id does not match");
    if (body.redirect_uri !== entry.redirectUri) return invalid("redirect_uri does not match");
    if (pkceChallenge(body.code_verifier ?? "") !== entry.challenge)
      return invalid("code_verifier does not match");
    const { account_id: _, ...tokens } = this.mintTokens({ account: entry.account });
    return json(200, { ...tokens, token_type: "Bearer", expires_in: this.ttlSeconds });
  }

  private refresh(body: Record<string, string>): ScriptedResponse {
    const session = this.sessions.get(body.refresh_token ?? "");
    if (body.client_id !== CODEX_CLIENT_ID) return json(400, { error: "invalid_client" });
    if (!session)
      return json(401, { error: { code: "refresh_token_invalidated", message: "unknown refresh token" } });
    if (session.revoked)
      return json(401, {
        error: { code: "refresh_token_invalidated", message: "refresh token was revoked" },
      });
    if (session.used)
      return json(401, {
        error: { code: "refresh_token_reused", message: "refresh token was already used" },
      });
    session.used = true;
    const { account_id: _, ...tokens } = this.mintTokens({ account: session.account });
    return json(200, tokens);
  }

  private revoke(request: RecordedRequest): ScriptedResponse {
    if (this.failRevoke) return json(500, { error: { message: "revocation is unavailable" } });
    const body = formBody(request);
    const session = this.sessions.get(body.token ?? "");
    if (session) {
      session.revoked = true;
      for (const token of session.accessTokens) {
        const entry = this.accessTokens.get(token);
        if (entry) entry.revoked = true;
      }
    }
    return json(200, {});
  }

  private deviceUserCode(request: RecordedRequest): ScriptedResponse {
    const body = formBody(request);
    if (body.client_id !== CODEX_CLIENT_ID) return json(400, { error: "invalid_client" });
    const deviceAuthId = random("da_");
    const userCode = `${randomBytes(2).toString("hex")}-${randomBytes(3).toString("hex")}`.toUpperCase();
    this.devices.set(deviceAuthId, { userCode, approved: false, verifier: random("") });
    return json(200, {
      device_auth_id: deviceAuthId,
      user_code: userCode,
      interval: String(this.deviceInterval),
    });
  }

  private deviceToken(request: RecordedRequest): ScriptedResponse {
    const body = formBody(request);
    const device = this.devices.get(body.device_auth_id ?? "");
    if (!device || device.userCode !== body.user_code) return json(404, { error: "unknown device code" });
    if (!device.approved) return json(403, { error: { code: "deviceauth_authorization_pending" } });
    this.devices.delete(body.device_auth_id ?? "");
    const code = random("ac_");
    const challenge = pkceChallenge(device.verifier);
    this.codes.set(code, {
      challenge,
      redirectUri: `${this.url}/deviceauth/callback`,
      account: this.account,
      used: false,
    });
    return json(200, { authorization_code: code, code_challenge: challenge, code_verifier: device.verifier });
  }
}
