/**
 * account/read, account/login/start (API key, ChatGPT in the browser), account/login/cancel and
 * account/logout, with the account/login/completed and account/updated notifications 0.169 sends.
 */
import type { Config } from "@codex/core";
import type { ServerContext } from "../context.ts";
import { invalidRequest } from "../errors.ts";
import { type Params, requiredString } from "../params.ts";

/** Moves the browser sign-in's callback server off 1455, as for `codex login`. */
const CALLBACK_PORT_ENV_VAR = "CODEX_LOGIN_CALLBACK_PORT";

const PLAN_TYPES = new Set(["free", "go", "plus", "pro", "team", "business", "enterprise", "edu"]);

function planType(plan: string | null): string | null {
  if (plan === null) return null;
  return PLAN_TYPES.has(plan) ? plan : "unknown";
}

async function accountConfig(ctx: ServerContext): Promise<Config> {
  const core = await import("@codex/core");
  try {
    return core.loadConfig({ ...ctx.loadOptions, onWarning: () => {} }).config;
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : String(error));
  }
}

export async function accountRead(_params: Params, ctx: ServerContext): Promise<unknown> {
  const core = await import("@codex/core");
  const config = await accountConfig(ctx);
  let stored: ReturnType<typeof core.storedAccount>;
  try {
    stored = core.storedAccount(ctx.codexHome, config.cli_auth_credentials_store);
  } catch (error) {
    throw invalidRequest(`could not read the stored sign-in: ${(error as Error).message}`);
  }
  const account =
    stored === null
      ? null
      : stored.mode === "apikey"
        ? { type: "apiKey" }
        : { type: "chatgpt", email: stored.email, planType: planType(stored.planType) ?? "unknown" };
  return {
    account,
    userId: stored?.mode === "chatgpt" ? stored.userId : null,
    requiresOpenaiAuth: config.model_provider.requires_openai_auth,
  };
}

function announce(
  ctx: ServerContext,
  login: { loginId: string | null; error: string | null },
  mode: Record<string, unknown>,
): void {
  ctx.peer.notify("account/login/completed", {
    loginId: login.loginId,
    success: login.error === null,
    error: login.error,
  });
  if (login.error === null) ctx.peer.notify("account/updated", mode);
}

export async function accountLoginStart(
  params: Params,
  ctx: ServerContext,
): Promise<{ result: unknown; after?: () => void }> {
  const core = await import("@codex/core");
  const config = await accountConfig(ctx);
  const type = requiredString(params, "type");
  if (type === "apiKey") {
    const outcome = core.loginWithApiKey(ctx.codexHome, requiredString(params, "apiKey"), {
      storeMode: config.cli_auth_credentials_store,
      forcedLoginMethod: config.forced_login_method,
    });
    if (outcome.exitCode !== 0) throw invalidRequest(outcome.message);
    return {
      result: { type: "apiKey" },
      after: () => announce(ctx, { loginId: null, error: null }, { authMode: "apikey", planType: null }),
    };
  }
  if (type !== "chatgpt")
    throw invalidRequest(
      `account/login/start: type ${JSON.stringify(type)} is not supported by this build; use apiKey or chatgpt`,
    );
  if (config.forced_login_method === "api")
    throw invalidRequest("ChatGPT login is disabled. Use API key login instead.");
  const loginId = Bun.randomUUIDv7();
  const portText = ctx.env[CALLBACK_PORT_ENV_VAR]?.trim();
  let announceReady!: (info: { authUrl: string; port: number }) => void;
  const ready = new Promise<{ authUrl: string; port: number }>((resolve) => {
    announceReady = resolve;
  });
  const done = core
    .runBrowserLogin({
      codexHome: ctx.codexHome,
      storeMode: config.cli_auth_credentials_store,
      issuer: core.DEFAULT_ISSUER,
      clientId: core.CLIENT_ID,
      ...(portText ? { port: Number(portText) } : {}),
      forcedWorkspaceIds: config.forced_chatgpt_workspace_id,
      env: ctx.env,
      originator: ctx.client.name,
      onReady: announceReady,
    })
    .then(
      () => {
        const stored = core.storedAccount(ctx.codexHome, config.cli_auth_credentials_store);
        const plan = stored?.mode === "chatgpt" ? planType(stored.planType) : null;
        announce(ctx, { loginId, error: null }, { authMode: "chatgpt", planType: plan });
      },
      (error: unknown) =>
        announce(ctx, { loginId, error: error instanceof Error ? error.message : String(error) }, {}),
    )
    .finally(() => ctx.logins.delete(loginId));
  // A login that fails before listening (port in use) never becomes ready: answer with its error.
  const started = await Promise.race([ready, done.then(() => null)]);
  if (started === null)
    throw invalidRequest("the sign-in server could not start; see account/login/completed");
  ctx.logins.set(loginId, { port: started.port, done });
  return { result: { type: "chatgpt", loginId, authUrl: started.authUrl } };
}

export async function accountLoginCancel(params: Params, ctx: ServerContext): Promise<unknown> {
  const loginId = requiredString(params, "loginId");
  const pending = ctx.logins.get(loginId);
  if (!pending) return { status: "notFound" };
  // The login server's own cancel endpoint ends the flow as a browser's "cancel" would.
  await fetch(`http://127.0.0.1:${pending.port}/cancel`).catch(() => undefined);
  await pending.done;
  return { status: "canceled" };
}

export async function accountLogout(
  _params: Params,
  ctx: ServerContext,
): Promise<{ result: unknown; after: () => void }> {
  const core = await import("@codex/core");
  const config = await accountConfig(ctx);
  const outcome = await core.logout(ctx.codexHome, {
    storeMode: config.cli_auth_credentials_store,
    env: ctx.env,
    originator: ctx.client.name,
  });
  if (outcome.exitCode !== 0) throw invalidRequest(outcome.message);
  return { result: {}, after: () => ctx.peer.notify("account/updated", { authMode: null, planType: null }) };
}
