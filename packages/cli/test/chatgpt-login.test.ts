/**
 * Signing in with ChatGPT through dist/codex against the mock issuer: the device-code flow, the
 * browser flow (the test makes the requests a browser would), `login status`, `logout` with revoke,
 * and the forced login settings.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CodexProcess,
  jwtClaims,
  type MockChatGpt,
  makeTempCodexHome,
  pkceChallenge,
  runCodex,
  spawnCodex,
  startMockChatGpt,
  waitUntil,
} from "@codex/test-support";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(60_000);

const CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";

let chatgpt: MockChatGpt;
const running: CodexProcess[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
  await chatgpt?.close();
});

function homeWith(toml = ""): string {
  const home = makeTempCodexHome();
  if (toml) writeFileSync(join(home, "config.toml"), toml);
  return home;
}

function login(home: string, args: string[], env: Record<string, string> = {}): CodexProcess {
  const child = spawnCodex(["login", ...args, "--experimental_issuer", chatgpt.issuerUrl], {
    codexHome: home,
    env: { ...chatgpt.env(), CODEX_LOGIN_CALLBACK_PORT: "0", ...env },
  });
  child.closeStdin();
  running.push(child);
  return child;
}

function storedAuth(home: string) {
  return JSON.parse(readFileSync(join(home, "auth.json"), "utf8"));
}

/** Waits for the device code on stdout. */
async function userCodeOf(child: CodexProcess): Promise<string> {
  let previous = "";
  for await (const line of child.lines()) {
    if (previous.includes("Enter this one-time code")) return line.trim();
    previous = line;
  }
  throw new Error("codex login --device-auth printed no code");
}

describe("codex login --device-auth", () => {
  test("prints the code, polls while pending, exchanges the grant and stores 0.169's layout", async () => {
    chatgpt = await startMockChatGpt();
    const home = homeWith();
    const child = login(home, ["--device-auth"]);
    const code = await userCodeOf(child);
    // The user has not entered the code yet: the first poll is answered 403 (pending).
    await waitUntil(() => chatgpt.requestsTo("/api/accounts/deviceauth/token").length >= 1, {
      what: "a poll",
    });
    chatgpt.issuer.approveDevice(code);
    const result = await child.wait();
    expect(result.stderr).toBe("Successfully logged in\n");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${chatgpt.issuerUrl}/codex/device`);

    expect(chatgpt.requestsTo("/api/accounts/deviceauth/usercode")[0]?.body).toEqual({
      client_id: CLIENT_ID,
    });
    const exchange = chatgpt.requestsTo("/oauth/token")[0];
    expect(exchange?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(exchange?.rawBody);
    expect([...form.keys()]).toEqual(["grant_type", "client_id", "code", "redirect_uri", "code_verifier"]);
    expect(form.get("redirect_uri")).toBe(`${chatgpt.issuerUrl}/deviceauth/callback`);

    const auth = storedAuth(home);
    expect(Object.keys(auth)).toEqual(["auth_mode", "OPENAI_API_KEY", "tokens", "last_refresh"]);
    expect(auth.auth_mode).toBe("chatgpt");
    expect(auth.OPENAI_API_KEY).toBeNull();
    expect(Object.keys(auth.tokens)).toEqual([
      "id_token",
      "access_token",
      "refresh_token",
      "oauth_provenance",
      "login_owner_id",
      "account_id",
    ]);
    expect(auth.tokens.oauth_provenance).toEqual({ issuer: chatgpt.issuerUrl, client_id: CLIENT_ID });
    expect(auth.tokens.account_id).toBe(chatgpt.account.accountId);
    expect(chatgpt.issuer.accessTokenValid(auth.tokens.access_token, chatgpt.account.accountId)).toBe(true);
    expect(statSync(join(home, "auth.json")).mode & 0o777).toBe(0o600);

    const status = await runCodex(["login", "status"], { codexHome: home });
    expect(status).toMatchObject({
      code: 0,
      stderr: "Logged in using ChatGPT\n   Account: user@example.com, Plus plan\n",
    });
  });

  test("a sign-in for a workspace forced_chatgpt_workspace_id does not allow is refused and not stored", async () => {
    chatgpt = await startMockChatGpt();
    const home = homeWith('forced_chatgpt_workspace_id = "ws-other"\n');
    const child = login(home, ["--device-auth"]);
    chatgpt.issuer.approveDevice(await userCodeOf(child));
    const result = await child.wait();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("Error logging in: Login is restricted to workspace id(s) ws-other.\n");
    expect(existsSync(join(home, "auth.json"))).toBe(false);
  });
});

describe("codex login (browser)", () => {
  async function authorizeUrl(child: CodexProcess): Promise<URL> {
    const [, url] = await child.waitForStderr(/^(http\S+\/oauth\/authorize\?\S+)$/m);
    return new URL(url ?? "");
  }

  test("the browser's round trip: authorize, callback with code and state, success page", async () => {
    chatgpt = await startMockChatGpt();
    const home = homeWith();
    const child = login(home, []);
    const url = await authorizeUrl(child);
    expect(url.origin).toBe(chatgpt.issuerUrl);
    const q = url.searchParams;
    expect([...q.keys()]).toEqual([
      "response_type",
      "client_id",
      "redirect_uri",
      "code_challenge",
      "code_challenge_method",
      "state",
      "scope",
      "id_token_add_organizations",
      "codex_cli_simplified_flow",
      "originator",
    ]);
    expect(q.get("client_id")).toBe(CLIENT_ID);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "profile", "email", "offline_access"]),
    );
    const redirect = new URL(q.get("redirect_uri") ?? "");
    expect(redirect.hostname).toBe("127.0.0.1");
    expect(redirect.pathname).toBe("/auth/callback");

    // A callback with the wrong state is refused and the server keeps waiting.
    const forged = await fetch(`${redirect.origin}/auth/callback?code=stolen&state=wrong`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toBe("State mismatch");

    // The browser: the issuer redirects back with a code, the callback redirects to /success.
    const fromIssuer = await fetch(url, { redirect: "manual" });
    expect(fromIssuer.status).toBe(302);
    const callback = await fetch(fromIssuer.headers.get("location") ?? "", { redirect: "manual" });
    expect(callback.status).toBe(302);
    const success = await fetch(new URL(callback.headers.get("location") ?? "", redirect.origin));
    expect(success.status).toBe(200);
    expect(await success.text()).toContain("Signed in to Codex");

    const result = await child.wait();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Successfully logged in");
    expect(result.stderr).toContain("codex login --device-auth"); // the hint for headless machines
    const exchange = new URLSearchParams(chatgpt.requestsTo("/oauth/token")[0]?.rawBody);
    expect(exchange.get("redirect_uri")).toBe(redirect.toString());
    expect(pkceChallenge(exchange.get("code_verifier") ?? "")).toBe(q.get("code_challenge") ?? "");
    const auth = storedAuth(home);
    expect(jwtClaims(auth.tokens.id_token).email).toBe("user@example.com");
    expect(auth.tokens.account_id).toBe(chatgpt.account.accountId);
  });

  test("/cancel ends the login", async () => {
    chatgpt = await startMockChatGpt();
    const home = homeWith();
    const child = login(home, []);
    const url = await authorizeUrl(child);
    const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
    expect(await (await fetch(`${redirect.origin}/cancel`)).text()).toBe("Login cancelled");
    const result = await child.wait();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Error logging in: Login cancelled");
    expect(existsSync(join(home, "auth.json"))).toBe(false);
  });

  test("an error from the issuer ends the login with its description", async () => {
    chatgpt = await startMockChatGpt();
    chatgpt.issuer.authorizeError = { error: "access_denied", description: "User said no" };
    const child = login(homeWith(), []);
    const fromIssuer = await fetch(await authorizeUrl(child), { redirect: "manual" });
    const page = await fetch(fromIssuer.headers.get("location") ?? "");
    expect(await page.text()).toContain("User said no");
    const result = await child.wait();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Error logging in: Sign-in failed: User said no");
  });

  test("a second login on the same port cancels the first", async () => {
    chatgpt = await startMockChatGpt();
    const first = login(homeWith(), []);
    const port = new URL((await authorizeUrl(first)).searchParams.get("redirect_uri") ?? "").port;
    const second = login(homeWith(), [], { CODEX_LOGIN_CALLBACK_PORT: port });
    const secondUrl = await authorizeUrl(second);
    expect(new URL(secondUrl.searchParams.get("redirect_uri") ?? "").port).toBe(port);
    const result = await first.wait();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Login cancelled");
  });

  test("forced_chatgpt_workspace_id is passed to the issuer as allowed_workspace_id", async () => {
    chatgpt = await startMockChatGpt();
    const child = login(homeWith('forced_chatgpt_workspace_id = ["ws-a", "ws-b"]\n'), []);
    expect((await authorizeUrl(child)).searchParams.get("allowed_workspace_id")).toBe("ws-a,ws-b");
  });
});

describe("forced_login_method at login", () => {
  test("ChatGPT login is refused when API keys are forced, and API keys when ChatGPT is", async () => {
    chatgpt = await startMockChatGpt();
    const apiOnly = await runCodex(["login", "--device-auth", "--experimental_issuer", chatgpt.issuerUrl], {
      codexHome: homeWith('forced_login_method = "api"\n'),
    });
    expect(apiOnly).toMatchObject({
      code: 1,
      stderr: "ChatGPT login is disabled. Use API key login instead.\n",
    });
    const chatgptOnly = await runCodex(["login", "--with-api-key"], {
      codexHome: homeWith('forced_login_method = "chatgpt"\n'),
      stdin: "sk-test-00000000000000\n",
    });
    expect(chatgptOnly).toMatchObject({
      code: 1,
      stderr: "API key login is disabled. Use ChatGPT login instead.\n",
    });
    expect(chatgpt.requests).toHaveLength(0);
  });
});

describe("forced settings when the TUI starts", () => {
  test('codex refuses a ChatGPT sign-in under forced_login_method = "api" before starting', async () => {
    chatgpt = await startMockChatGpt();
    const home = homeWith('forced_login_method = "api"\n');
    writeFileSync(join(home, "auth.json"), JSON.stringify(chatgpt.authJson(chatgpt.mintTokens())), {
      mode: 0o600,
    });
    const result = await runCodex([], { codexHome: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "API key login is required, but ChatGPT is currently being used. Logging out.\n",
    );
    expect(existsSync(join(home, "auth.json"))).toBe(false);
    expect(chatgpt.requests).toHaveLength(0);
  });
});

describe("codex logout", () => {
  async function signedIn(): Promise<{ home: string; refreshToken: string }> {
    const home = homeWith();
    const tokens = chatgpt.mintTokens();
    writeFileSync(join(home, "auth.json"), JSON.stringify(chatgpt.authJson(tokens)), { mode: 0o600 });
    return { home, refreshToken: tokens.refresh_token };
  }

  test("revokes the refresh token at the issuer and removes auth.json", async () => {
    chatgpt = await startMockChatGpt();
    const { home, refreshToken } = await signedIn();
    const result = await runCodex(["logout"], { codexHome: home, env: chatgpt.env() });
    expect(result).toMatchObject({ code: 0, stderr: "Successfully logged out\n" });
    const [revoke] = chatgpt.requestsTo("/oauth/revoke");
    expect(revoke?.body).toEqual({
      token: refreshToken,
      token_type_hint: "refresh_token",
      client_id: CLIENT_ID,
    });
    expect(revoke?.headers.originator).toBe("codex_cli_rs");
    expect(chatgpt.issuer.refreshTokenRevoked(refreshToken)).toBe(true);
    expect(existsSync(join(home, "auth.json"))).toBe(false);
    expect(await runCodex(["login", "status"], { codexHome: home })).toMatchObject({
      code: 1,
      stderr: "Not logged in\n",
    });
  });

  test("a failed revoke still logs out, with a warning that holds no secret", async () => {
    chatgpt = await startMockChatGpt();
    chatgpt.issuer.failRevoke = true;
    const { home, refreshToken } = await signedIn();
    const result = await runCodex(["logout"], { codexHome: home, env: chatgpt.env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("warning: could not revoke the sign-in at the issuer");
    expect(result.stderr).toContain("Successfully logged out");
    expect(result.stderr).not.toContain(refreshToken);
    expect(existsSync(join(home, "auth.json"))).toBe(false);
  });
});

describe("cli_auth_credentials_store", () => {
  test('"keyring" without an OS keyring fails clearly; "auto" falls back to auth.json', async () => {
    const keyring = await runCodex(["login", "--with-api-key"], {
      codexHome: homeWith('cli_auth_credentials_store = "keyring"\n'),
      stdin: "sk-test-00000000000000\n",
    });
    expect(keyring.code).toBe(1);
    expect(keyring.stderr).toContain('cli_auth_credentials_store = "keyring" needs the OS keyring');
    const autoHome = homeWith('cli_auth_credentials_store = "auto"\n');
    const auto = await runCodex(["login", "--with-api-key"], {
      codexHome: autoHome,
      stdin: "sk-test-00000000000000\n",
    });
    expect(auto.code).toBe(0);
    expect(existsSync(join(autoHome, "auth.json"))).toBe(true);
  });
});
