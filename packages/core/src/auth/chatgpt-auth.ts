/**
 * A ChatGPT sign-in in use by this process: hands out the access token and account id for each
 * request, refreshes the tokens when they expire, and recovers from a 401.
 *
 * Several Codex processes (ours and Rust Codex) share one auth.json and refresh tokens work once,
 * so every refresh happens under `$CODEX_HOME/auth.lock` (the lock Codex CLI commits under) and
 * starts by re-reading the file: when another process already refreshed, its tokens are adopted
 * instead of spending the (now used) refresh token again — a compare-and-swap on the tokens.
 */
import { join } from "node:path";
import { withLockFile } from "../locks/flock.ts";
import { type AuthDotJson, readAuthFile, type TokenData, writeAuthFile } from "./auth-file.ts";
import {
  type RefreshReason,
  RefreshUnavailableError,
  requestTokenRefresh,
  SignInExpiredError,
} from "./refresh.ts";
import { idTokenInfo, jwtExpiryMs } from "./token-claims.ts";

/** Without an `exp` in the access token, refresh once `last_refresh` is this old (as Codex CLI does). */
const REFRESH_INTERVAL_MS = 8 * 24 * 60 * 60 * 1000;
/** Long enough for another process's refresh (a 30 s request at most) to finish. */
const LOCK_TIMEOUT_MS = 60_000;
/** How long a process that lost a refresh race waits for the winner to write auth.json. */
const RACE_SETTLE_MS = 250;

export type ChatGptAuthOptions = {
  codexHome: string;
  env: Record<string, string | undefined>;
  /** Sent as `originator` on refresh requests. */
  originator: string;
};

export type ChatGptCredentials = { accessToken: string; accountId: string | null };

function accountIdOf(tokens: TokenData): string | null {
  return tokens.account_id ?? idTokenInfo(tokens.id_token).accountId;
}

function isStale(auth: AuthDotJson, now: number): boolean {
  const tokens = auth.tokens;
  if (tokens === null) return false;
  const expiry = jwtExpiryMs(tokens.access_token);
  if (expiry !== null) return expiry <= now;
  if (auth.last_refresh === null) return false;
  const last = Date.parse(auth.last_refresh);
  return Number.isFinite(last) && now - last > REFRESH_INTERVAL_MS;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ChatGptAuth {
  private auth: AuthDotJson & { tokens: TokenData };
  private refreshing: Promise<void> | null = null;

  constructor(
    auth: AuthDotJson & { tokens: TokenData },
    private readonly options: ChatGptAuthOptions,
  ) {
    this.auth = auth;
  }

  get tokens(): TokenData {
    return this.auth.tokens;
  }

  get accountId(): string | null {
    return accountIdOf(this.auth.tokens);
  }

  /** The credentials for the next request, refreshed first when the access token has expired. */
  async credentials(): Promise<ChatGptCredentials> {
    if (isStale(this.auth, Date.now())) {
      try {
        await this.refresh("proactive_expiry");
      } catch (error) {
        // Not reachable now: try the old token; a 401 will bring us back here.
        if (!(error instanceof RefreshUnavailableError)) throw error;
      }
    }
    return { accessToken: this.auth.tokens.access_token, accountId: this.accountId };
  }

  /**
   * After the backend answered 401 to `rejectedAccessToken`: `adopted` when another process had
   * already written newer tokens (now in use), `refreshed` after a refresh, `unchanged` when there
   * was nothing to do. Throws `SignInExpiredError` when the sign-in cannot be renewed and
   * `RefreshUnavailableError` when the service cannot be reached.
   */
  async recoverFromUnauthorized(rejectedAccessToken: string): Promise<"adopted" | "refreshed" | "unchanged"> {
    if (this.auth.tokens.access_token !== rejectedAccessToken) return "adopted";
    const adopted = await this.underLock(async () => this.adoptFromDisk(rejectedAccessToken));
    if (adopted) return "adopted";
    await this.refresh("unauthorized_recovery");
    return this.auth.tokens.access_token !== rejectedAccessToken ? "refreshed" : "unchanged";
  }

  /** One refresh at a time in this process; concurrent callers share it. */
  private refresh(reason: RefreshReason): Promise<void> {
    this.refreshing ??= this.refreshOnce(reason).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshOnce(reason: RefreshReason): Promise<void> {
    const held = this.auth.tokens.access_token;
    try {
      await this.underLock(async () => {
        if (this.adoptFromDisk(held) && !isStale(this.auth, Date.now())) return;
        await this.refreshAndCommit(reason);
      });
    } catch (error) {
      if (!(error instanceof SignInExpiredError && error.code === "refresh_token_reused")) throw error;
      // Another process spent the refresh token first (Rust Codex refreshes before taking the lock,
      // then commits under it): give it a moment to write auth.json, then take its tokens.
      await sleep(RACE_SETTLE_MS);
      const adopted = await this.underLock(async () => this.adoptFromDisk(held));
      if (!adopted) throw error;
    }
  }

  private underLock<T>(fn: () => Promise<T>): Promise<T> {
    return withLockFile(join(this.options.codexHome, "auth.lock"), fn, { timeoutMs: LOCK_TIMEOUT_MS });
  }

  /**
   * Re-reads auth.json. Returns true when it holds newer tokens for the same account (now in use);
   * false when it holds ours. Throws when the sign-in is gone or belongs to someone else.
   */
  private adoptFromDisk(heldAccessToken: string): boolean {
    const onDisk = readAuthFile(this.options.codexHome);
    if (onDisk === null || onDisk.tokens === null)
      throw new SignInExpiredError("you were logged out: auth.json no longer holds a ChatGPT sign-in");
    if (accountIdOf(onDisk.tokens) !== this.accountId)
      throw new SignInExpiredError("auth.json now holds a different account's sign-in");
    this.auth = { ...onDisk, tokens: onDisk.tokens };
    return onDisk.tokens.access_token !== heldAccessToken;
  }

  private async refreshAndCommit(reason: RefreshReason): Promise<void> {
    const current = this.auth;
    const fresh = await requestTokenRefresh(current.tokens.refresh_token, {
      reason,
      env: this.options.env,
      originator: this.options.originator,
    });
    const tokens: TokenData = {
      ...current.tokens,
      id_token: fresh.id_token ?? current.tokens.id_token,
      access_token: fresh.access_token ?? current.tokens.access_token,
      refresh_token: fresh.refresh_token ?? current.tokens.refresh_token,
    };
    const next = { ...current, tokens, last_refresh: new Date().toISOString() };
    writeAuthFile(this.options.codexHome, next);
    this.auth = next;
  }
}
