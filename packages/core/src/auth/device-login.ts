/**
 * `codex login --device-auth`: sign in on another device. `POST {issuer}/api/accounts/deviceauth/usercode
 * {client_id}` gives a user code to enter at `{issuer}/codex/device`; `…/deviceauth/token` is polled
 * (403/404 mean "not yet") until it hands back an authorization code and its PKCE pair, which are
 * exchanged with `redirect_uri = {issuer}/deviceauth/callback`.
 */
import type { CredentialsStoreMode } from "./credentials-store.ts";
import { describeErrorAnswer, IssuerUnreachableError, postJson, trimIssuer } from "./issuer.ts";
import { ensureWorkspaceAllowed, exchangeCodeForTokens, LoginError, persistLogin } from "./oauth.ts";

export type DeviceLoginOptions = {
  codexHome: string;
  storeMode: CredentialsStoreMode;
  issuer: string;
  clientId: string;
  forcedWorkspaceIds: string[] | null;
  env: Record<string, string | undefined>;
  originator: string;
  /** Called with what the user must do on the other device. */
  onCode: (info: { verificationUrl: string; userCode: string }) => void;
};

const MAX_WAIT_MS = 15 * 60 * 1000;
/** A floor on the poll interval, so an issuer answering `interval: 0` is not hammered. */
const MIN_INTERVAL_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, body: unknown) {
  try {
    return await postJson(url, body);
  } catch (error) {
    if (error instanceof IssuerUnreachableError)
      throw new LoginError(`device code login failed: ${error.message}`);
    throw error;
  }
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export async function runDeviceLogin(options: DeviceLoginOptions): Promise<void> {
  const issuer = trimIssuer(options.issuer);
  const api = `${issuer}/api/accounts/deviceauth`;
  const start = await post(`${api}/usercode`, { client_id: options.clientId });
  if (start.status === 404) {
    throw new LoginError(
      "device code login is not enabled for this Codex server. Use the browser login or verify the server URL.",
    );
  }
  if (start.status < 200 || start.status >= 300)
    throw new LoginError(`device code request failed with ${describeErrorAnswer(start)}`);
  const body = (start.json ?? {}) as Record<string, unknown>;
  const deviceAuthId = str(body.device_auth_id);
  const userCode = str(body.user_code) ?? str(body.usercode);
  if (deviceAuthId === null || userCode === null)
    throw new LoginError("device code request failed: the answer lacks device_auth_id or user_code");
  const intervalMs = Math.max(Number(String(body.interval ?? "5").trim()) * 1000 || 0, MIN_INTERVAL_MS);
  options.onCode({ verificationUrl: `${issuer}/codex/device`, userCode });

  const deadline = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const poll = await post(`${api}/token`, { device_auth_id: deviceAuthId, user_code: userCode });
    if (poll.status >= 200 && poll.status < 300) {
      const grant = (poll.json ?? {}) as Record<string, unknown>;
      const code = str(grant.authorization_code);
      const verifier = str(grant.code_verifier);
      if (code === null || verifier === null)
        throw new LoginError(
          "device code login failed: the answer lacks authorization_code or code_verifier",
        );
      let tokens: Awaited<ReturnType<typeof exchangeCodeForTokens>>;
      try {
        tokens = await exchangeCodeForTokens({
          issuer,
          clientId: options.clientId,
          redirectUri: `${issuer}/deviceauth/callback`,
          verifier,
          code,
        });
      } catch (error) {
        if (error instanceof LoginError)
          throw new LoginError(`device code exchange failed: ${error.message}`);
        throw error;
      }
      ensureWorkspaceAllowed(options.forcedWorkspaceIds, tokens.id_token);
      await persistLogin(tokens, { ...options, issuer });
      return;
    }
    if (poll.status !== 403 && poll.status !== 404)
      throw new LoginError(`device auth failed with ${describeErrorAnswer(poll)}`);
    if (Date.now() >= deadline) throw new LoginError("device auth timed out after 15 minutes");
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}
