/**
 * `codex login`: sign in with ChatGPT in a browser. A callback server on 127.0.0.1:1455 (1457 when
 * that stays busy; a stale login server on the port is asked to `/cancel` first) receives the
 * issuer's redirect, checks `state`, exchanges the code with the PKCE verifier and stores the
 * tokens. A wrong `state` gets a 400 and the server keeps waiting; `/cancel` ends the login.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { CredentialsStoreMode } from "./credentials-store.ts";
import { errorPage, SUCCESS_PAGE } from "./login-pages.ts";
import { bindLoginServer } from "./login-port.ts";
import {
  ensureWorkspaceAllowed,
  exchangeCodeForTokens,
  generatePkce,
  generateState,
  LoginError,
  type Pkce,
  persistLogin,
} from "./oauth.ts";

/** `node:http`, loaded on first use: importing it costs every start (docs/performance.md). */
const http = () => process.getBuiltinModule("node:http");

const DEFAULT_LOGIN_PORT = 1455;

export type BrowserLoginOptions = {
  codexHome: string;
  storeMode: CredentialsStoreMode;
  issuer: string;
  clientId: string;
  /** Preferred port (default 1455). */
  port?: number;
  forcedWorkspaceIds: string[] | null;
  env: Record<string, string | undefined>;
  originator: string;
  /** Called once the server listens, with the URL to open; opening a browser is the caller's job. */
  onReady: (info: { authUrl: string; port: number }) => void;
};

/** How long a finished login waits for the browser to load the success page. */
const SUCCESS_PAGE_GRACE_MS = 5_000;

const SCOPE = "openid profile email offline_access api.connectors.read api.connectors.invoke";

function buildAuthorizeUrl(options: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  pkce: Pkce;
  state: string;
  originator: string;
  forcedWorkspaceIds: string[] | null;
}): string {
  const query = new URLSearchParams([
    ["response_type", "code"],
    ["client_id", options.clientId],
    ["redirect_uri", options.redirectUri],
    ["code_challenge", options.pkce.challenge],
    ["code_challenge_method", "S256"],
    ["state", options.state],
    ["scope", SCOPE],
    ["id_token_add_organizations", "true"],
    ["codex_cli_simplified_flow", "true"],
    ["originator", options.originator],
  ]);
  if (options.forcedWorkspaceIds && options.forcedWorkspaceIds.length > 0)
    query.append("allowed_workspace_id", options.forcedWorkspaceIds.join(","));
  return `${options.issuer.replace(/\/+$/, "")}/oauth/authorize?${query.toString()}`;
}

/** Why a callback ended the login, in the words Codex CLI uses. */
function callbackErrorMessage(code: string, description: string | null): string {
  if (code === "access_denied" && description?.toLowerCase().includes("missing_codex_entitlement"))
    return "Codex is not enabled for your workspace. Contact your workspace administrator to request access to Codex.";
  return `Sign-in failed: ${description?.trim() ? description : code}`;
}

function send(res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    connection: "close",
  });
  res.end(body);
}

/** Runs the browser sign-in to completion; throws `LoginError` when it fails or is cancelled. */
export async function runBrowserLogin(options: BrowserLoginOptions): Promise<void> {
  const pkce = generatePkce();
  const state = generateState();
  const server = http().createServer();
  const port = await bindLoginServer(server, options.port ?? DEFAULT_LOGIN_PORT, DEFAULT_LOGIN_PORT);
  const redirectUri = `http://127.0.0.1:${port}/auth/callback`;
  let signedIn = false;
  try {
    const outcome = new Promise<void>((resolve, reject) => {
      const finish = (error: LoginError | null) => (error ? reject(error) : resolve());
      server.on("request", (req: IncomingMessage, res: ServerResponse) => {
        void handle(req, res, finish).catch((error: unknown) => {
          send(res, 500, "Internal error");
          finish(error instanceof LoginError ? error : new LoginError(String(error)));
        });
      });
    });
    const handle = async (
      req: IncomingMessage,
      res: ServerResponse,
      finish: (error: LoginError | null) => void,
    ): Promise<void> => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname === "/cancel") {
        send(res, 200, "Login cancelled");
        return finish(new LoginError("Login cancelled"));
      }
      if (url.pathname === "/success") {
        send(res, 200, SUCCESS_PAGE, "text/html; charset=utf-8");
        if (signedIn) finish(null);
        return;
      }
      if (url.pathname !== "/auth/callback") return send(res, 404, "Not Found");
      const params = url.searchParams;
      if (params.get("state") !== state) return send(res, 400, "State mismatch");
      const fail = (message: string) => {
        send(res, 200, errorPage(message), "text/html; charset=utf-8");
        finish(new LoginError(message));
      };
      const oauthError = params.get("error");
      if (oauthError) return fail(callbackErrorMessage(oauthError, params.get("error_description")));
      const code = params.get("code");
      if (!code) return fail("Missing authorization code. Sign-in could not be completed.");
      try {
        const tokens = await exchangeCodeForTokens({
          ...options,
          redirectUri,
          verifier: pkce.verifier,
          code,
        });
        ensureWorkspaceAllowed(options.forcedWorkspaceIds, tokens.id_token);
        await persistLogin(tokens, options);
      } catch (error) {
        if (error instanceof LoginError) return fail(error.message);
        return fail(
          `Sign-in completed but credentials could not be saved locally: ${(error as Error).message}`,
        );
      }
      // The browser follows this to /success, which ends the login; the credentials are already
      // stored, so a browser that never comes back does not keep it waiting for long.
      signedIn = true;
      setTimeout(() => finish(null), SUCCESS_PAGE_GRACE_MS).unref();
      res.writeHead(302, { location: `http://localhost:${port}/success`, connection: "close" });
      res.end();
    };
    options.onReady({
      authUrl: buildAuthorizeUrl({ ...options, redirectUri, pkce, state }),
      port,
    });
    await outcome;
  } finally {
    await closeServer(server);
  }
}

/** Stops listening and lets the last response (the redirect to /success, or an error page) go out. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
