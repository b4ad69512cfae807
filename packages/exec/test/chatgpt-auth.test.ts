/**
 * `codex exec` with a ChatGPT sign-in, through dist/codex against the mock issuer + ChatGPT backend:
 * requests go to `<chatgpt_base_url>/codex/responses` with the access token and account id; an
 * expired token is refreshed first; a 401 is recovered from; a dead sign-in ends with "run `codex
 * login`" and exit 1 without looping; two processes refreshing at once spend the refresh token once.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CODEX_RESPONSES_PATH,
  completed,
  type MintedTokens,
  type MockChatGpt,
  makeTempCodexHome,
  responsesStream,
  runCodex,
  spawnCodex,
  startMockChatGpt,
  textResponse,
  waitUntil,
} from "@codex/test-support";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(60_000);

let chatgpt: MockChatGpt;
afterEach(async () => {
  await chatgpt?.close();
});

/** A CODEX_HOME signed in with `tokens`, talking to the mock ChatGPT backend. */
function signedInHome(tokens: MintedTokens, extraToml = ""): string {
  const home = makeTempCodexHome();
  writeFileSync(join(home, "config.toml"), chatgpt.configToml(extraToml));
  writeFileSync(join(home, "auth.json"), JSON.stringify(chatgpt.authJson(tokens), null, 2), { mode: 0o600 });
  return home;
}

function exec(home: string, prompt = "say hi") {
  return runCodex(["exec", "--skip-git-repo-check", prompt], { codexHome: home, env: chatgpt.env() });
}

function spawnExec(home: string, prompt: string) {
  const child = spawnCodex(["exec", "--skip-git-repo-check", prompt], {
    codexHome: home,
    env: chatgpt.env(),
  });
  child.closeStdin();
  return child;
}

/** Whether process `pid` has `path` open (Linux /proc). */
function hasOpen(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

function storedAuth(home: string): { tokens: Record<string, unknown>; last_refresh: string } {
  return JSON.parse(readFileSync(join(home, "auth.json"), "utf8"));
}

function answer(text: string) {
  chatgpt.enqueueModelResponse(responsesStream([textResponse(text), completed()]));
}

describe("codex exec with a ChatGPT sign-in", () => {
  test("sends the turn to <chatgpt_base_url>/codex/responses with the access token and account id", async () => {
    chatgpt = await startMockChatGpt();
    const tokens = chatgpt.mintTokens();
    const home = signedInHome(tokens);
    answer("hello from ChatGPT");
    const result = await exec(home);
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("hello from ChatGPT\n");
    const [request] = chatgpt.requestsTo(CODEX_RESPONSES_PATH);
    expect(request?.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
    expect(request?.headers["chatgpt-account-id"]).toBe(chatgpt.account.accountId);
    expect(request?.headers.originator).toBe("codex_exec");
    expect(chatgpt.requestsTo("/oauth/token")).toHaveLength(0);
  });

  test("an exported OPENAI_API_KEY does not take over from the ChatGPT sign-in (as in Codex CLI 0.169)", async () => {
    chatgpt = await startMockChatGpt();
    const home = signedInHome(chatgpt.mintTokens());
    answer("plan, not key");
    const result = await runCodex(["exec", "--skip-git-repo-check", "hi"], {
      codexHome: home,
      env: { ...chatgpt.env(), OPENAI_API_KEY: "sk-other-tool-0000000000" },
    });
    expect(result.code).toBe(0);
    expect(chatgpt.requestsTo(CODEX_RESPONSES_PATH)[0]?.headers.authorization).not.toContain("sk-other-tool");
  });

  test("an expired access token is refreshed before the request; auth.json keeps its layout, mode 0600", async () => {
    chatgpt = await startMockChatGpt();
    const expired = chatgpt.mintTokens({ accessExpiresInSeconds: -60 });
    const home = signedInHome(expired);
    answer("fresh");
    const result = await exec(home);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("fresh\n");

    const [refresh] = chatgpt.requestsTo("/oauth/token");
    expect(refresh?.headers["content-type"]).toBe("application/json");
    expect(refresh?.body).toEqual({
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
      grant_type: "refresh_token",
      refresh_reason: "proactive_expiry",
      refresh_token: expired.refresh_token,
    });
    const stored = storedAuth(home);
    const used = chatgpt.requestsTo(CODEX_RESPONSES_PATH)[0]?.headers.authorization;
    expect(used).toBe(`Bearer ${stored.tokens.access_token}`);
    expect(stored.tokens.access_token).not.toBe(expired.access_token);
    expect(stored.tokens.refresh_token).not.toBe(expired.refresh_token);
    // Fields Rust Codex wrote and we do not use survive the rewrite.
    expect(stored.tokens.oauth_provenance).toEqual({
      issuer: chatgpt.issuerUrl,
      client_id: "app_EMoamEEZ73f0CkXaXp7hrann",
    });
    expect(stored.tokens.login_owner_id).toBe("mock-login-owner");
    expect(Date.parse(stored.last_refresh)).toBeGreaterThan(Date.now() - 60_000);
    expect(statSync(join(home, "auth.json")).mode & 0o777).toBe(0o600);
    expect(readdirSync(home).filter((name) => name.startsWith(".auth-"))).toEqual([]);
  });

  test("a 401 is recovered from by refreshing, then the turn goes through", async () => {
    chatgpt = await startMockChatGpt();
    const home = signedInHome(chatgpt.mintTokens());
    chatgpt.issuer.revokeAccessTokens(); // the backend now answers 401 to the stored token
    answer("recovered");
    const result = await exec(home);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("recovered\n");
    expect(
      chatgpt.requestsTo("/oauth/token").map((r) => (r.body as { refresh_reason: string }).refresh_reason),
    ).toEqual(["unauthorized_recovery"]);
    const attempts = chatgpt.requestsTo(CODEX_RESPONSES_PATH);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.headers.authorization).toBe(`Bearer ${storedAuth(home).tokens.access_token}`);
  });

  test("after a 401, tokens another process wrote meanwhile are used without spending the refresh token", async () => {
    chatgpt = await startMockChatGpt();
    const first = chatgpt.mintTokens();
    const home = signedInHome(first);
    const second = chatgpt.mintTokens();
    // While the first request is in flight, another process refreshes: auth.json changes and the
    // token this process holds stops working.
    chatgpt.onModelRequest = () => {
      chatgpt.onModelRequest = null;
      chatgpt.issuer.revokeAccessTokens([first.access_token]);
      writeFileSync(join(home, "auth.json"), JSON.stringify(chatgpt.authJson(second)), { mode: 0o600 });
    };
    answer("adopted");
    const result = await exec(home);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("adopted\n");
    expect(chatgpt.requestsTo("/oauth/token")).toHaveLength(0);
    expect(chatgpt.requestsTo(CODEX_RESPONSES_PATH).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${first.access_token}`,
      `Bearer ${second.access_token}`,
    ]);
  });

  test("a refresh token the issuer rejects ends with 'run `codex login`' and exit 1, without a loop", async () => {
    chatgpt = await startMockChatGpt();
    const tokens = chatgpt.mintTokens();
    const home = signedInHome(tokens);
    await fetch(`${chatgpt.issuerUrl}/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: tokens.refresh_token, token_type_hint: "refresh_token" }),
    });
    const result = await exec(home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Your ChatGPT sign-in has expired (the refresh token was revoked)");
    expect(result.stderr).toContain("run `codex login`");
    expect(result.stderr).not.toContain(tokens.refresh_token);
    expect(result.stderr).not.toContain(tokens.access_token);
    expect(chatgpt.requestsTo("/oauth/token")).toHaveLength(1);
    expect(chatgpt.requestsTo(CODEX_RESPONSES_PATH)).toHaveLength(1);
  });

  test.skipIf(process.platform !== "linux")(
    "two processes refreshing at once spend the refresh token once and leave a whole auth.json",
    async () => {
      chatgpt = await startMockChatGpt();
      const home = signedInHome(chatgpt.mintTokens({ accessExpiresInSeconds: -60 }));
      answer("one");
      answer("two");
      // The first refresh is held at the issuer until both processes are inside the refresh: one
      // holding auth.lock, the other waiting for it (both have the lock file open).
      const release = chatgpt.issuer.holdRefreshes();
      const processes = [spawnExec(home, "first"), spawnExec(home, "second")];
      await waitUntil(() => chatgpt.requestsTo("/oauth/token").length >= 1, { what: "a refresh request" });
      await waitUntil(() => processes.every((p) => hasOpen(p.process.pid, join(home, "auth.lock"))), {
        what: "both processes to open auth.lock",
      });
      release();
      const results = await Promise.all(processes.map((p) => p.wait()));
      expect(results.map((r) => r.code)).toEqual([0, 0]);
      expect(chatgpt.requestsTo("/oauth/token")).toHaveLength(1);
      const stored = storedAuth(home);
      for (const request of chatgpt.requestsTo(CODEX_RESPONSES_PATH))
        expect(request.headers.authorization).toBe(`Bearer ${stored.tokens.access_token}`);
      expect(statSync(join(home, "auth.json")).mode & 0o777).toBe(0o600);
    },
  );
});

describe("a Rust-written auth.json", () => {
  test("when Rust Codex spends the refresh token first (it refreshes before locking), its tokens are adopted", async () => {
    chatgpt = await startMockChatGpt();
    const expired = chatgpt.mintTokens({ accessExpiresInSeconds: -60 });
    const home = signedInHome(expired);
    answer("after the race");
    const release = chatgpt.issuer.holdRefreshes();
    const child = spawnExec(home, "race");
    await waitUntil(() => chatgpt.requestsTo("/oauth/token").length >= 1, { what: "our refresh request" });
    // Meanwhile "Rust Codex" refreshed with the same token and commits its result.
    const rust = chatgpt.issuer.spendRefreshToken(expired.refresh_token);
    writeFileSync(join(home, "auth.json"), JSON.stringify(chatgpt.authJson(rust)), { mode: 0o600 });
    release(); // our refresh is now answered refresh_token_reused
    const result = await child.wait();
    expect(result.stderr).not.toContain("expired");
    expect(result.code).toBe(0);
    expect(chatgpt.requestsTo(CODEX_RESPONSES_PATH)[0]?.headers.authorization).toBe(
      `Bearer ${rust.access_token}`,
    );
  });

  test("Codex CLI 0.169's file (fixture) is used as is: its refresh token renews the sign-in", async () => {
    chatgpt = await startMockChatGpt();
    const fixture = readFileSync(
      join(import.meta.dir, "../../cli/test/fixtures/auth-rust-0.169-chatgpt.json"),
      "utf8",
    );
    const rust = JSON.parse(fixture) as { tokens: { refresh_token: string; account_id: string } };
    chatgpt.issuer.trustRefreshToken(rust.tokens.refresh_token, { accountId: rust.tokens.account_id });
    const home = makeTempCodexHome();
    writeFileSync(join(home, "config.toml"), chatgpt.configToml());
    writeFileSync(join(home, "auth.json"), fixture, { mode: 0o600 });
    answer("rust tokens work");
    const result = await exec(home);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("rust tokens work\n");
    // Its access token was minted by another issuer run: expired or refused, then refreshed.
    expect(chatgpt.requestsTo("/oauth/token")[0]?.body).toMatchObject({
      refresh_token: rust.tokens.refresh_token,
    });
    const stored = storedAuth(home);
    expect(Object.keys(stored)).toEqual(["auth_mode", "OPENAI_API_KEY", "tokens", "last_refresh"]);
    expect(Object.keys(stored.tokens)).toEqual([
      "id_token",
      "access_token",
      "refresh_token",
      "oauth_provenance",
      "login_owner_id",
      "account_id",
    ]);
  });
});

describe("forced_login_method / forced_chatgpt_workspace_id at start-up", () => {
  test('a ChatGPT sign-in under forced_login_method = "api" is logged out before any request', async () => {
    chatgpt = await startMockChatGpt();
    const home = signedInHome(chatgpt.mintTokens(), 'forced_login_method = "api"');
    const result = await exec(home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "API key login is required, but ChatGPT is currently being used. Logging out.",
    );
    expect(readdirSync(home)).not.toContain("auth.json");
    expect(chatgpt.requests).toHaveLength(0);
  });

  test("a sign-in for another workspace is logged out; the allowed one runs", async () => {
    chatgpt = await startMockChatGpt();
    const other = signedInHome(chatgpt.mintTokens(), 'forced_chatgpt_workspace_id = "ws-allowed"');
    const refused = await exec(other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Login is restricted to workspace(s) ws-allowed, but current credentials belong to ${chatgpt.account.accountId}. Logging out.`,
    );
    expect(readdirSync(other)).not.toContain("auth.json");

    const allowed = signedInHome(
      chatgpt.mintTokens(),
      `forced_chatgpt_workspace_id = ["ws-x", "${chatgpt.account.accountId}"]`,
    );
    answer("allowed");
    expect((await exec(allowed)).code).toBe(0);
  });

  test('an API key under forced_login_method = "chatgpt" is refused', async () => {
    chatgpt = await startMockChatGpt();
    const home = makeTempCodexHome();
    writeFileSync(join(home, "config.toml"), chatgpt.configToml('forced_login_method = "chatgpt"'));
    const result = await runCodex(["exec", "--skip-git-repo-check", "hi"], {
      codexHome: home,
      env: { CODEX_API_KEY: "sk-test-000000000000000" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ChatGPT login is required, but an API key is currently being used.");
    expect(result.stderr).not.toContain("sk-test-000000000000000");
  });
});
