/** The account methods: API-key sign-in and sign-out, and the start of a ChatGPT browser sign-in. */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Harness, harness } from "./harness.ts";

setDefaultTimeout(60_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("codex app-server: accounts", () => {
  test("API key: login/start stores it, read shows it, logout removes it; each change is announced", async () => {
    h = await harness();
    const client = h.spawn();
    await client.initialize();
    const before = await client.request("account/read", { refreshToken: false });
    // The mock provider needs no OpenAI sign-in.
    expect(before.result).toEqual({ account: null, userId: null, requiresOpenaiAuth: false });

    const from = client.messages.length;
    const login = await client.request("account/login/start", {
      type: "apiKey",
      apiKey: "sk-test-1234567890abcdef",
    });
    expect(login.result).toEqual({ type: "apiKey" });
    const completed = await client.notification("account/login/completed", from);
    expect(completed.params).toEqual({ loginId: null, success: true, error: null });
    const updated = await client.notification("account/updated", from);
    expect(updated.params).toEqual({ authMode: "apikey", planType: null });
    const authFile = join(h.codexHome, "auth.json");
    expect(JSON.parse(readFileSync(authFile, "utf8")).OPENAI_API_KEY).toBe("sk-test-1234567890abcdef");
    expect(statSync(authFile).mode & 0o777).toBe(0o600);
    const after = await client.request("account/read", {});
    expect(after.result.account).toEqual({ type: "apiKey" });

    const fromLogout = client.messages.length;
    const logout = await client.request("account/logout");
    expect(logout.result).toEqual({});
    const cleared = await client.notification("account/updated", fromLogout);
    expect(cleared.params).toEqual({ authMode: null, planType: null });
    expect(existsSync(authFile)).toBe(false);
    expect((await client.request("account/read", {})).result.account).toBeNull();

    const empty = await client.request("account/login/start", { type: "apiKey", apiKey: "  " });
    expect(empty.error?.message).toContain("No API key given");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("ChatGPT: login/start answers with the sign-in URL; login/cancel ends it and login/completed says so", async () => {
    h = await harness();
    const client = h.spawn({ CODEX_LOGIN_CALLBACK_PORT: "0" });
    await client.initialize("codex_vscode");
    const start = await client.request("account/login/start", { type: "chatgpt" });
    expect(start.result.type).toBe("chatgpt");
    const url = new URL(start.result.authUrl);
    expect(`${url.origin}${url.pathname}`).toBe("https://auth.openai.com/oauth/authorize");
    expect(url.searchParams.get("redirect_uri")).toMatch(
      /^http:\/\/(localhost|127\.0\.0\.1):\d+\/auth\/callback$/,
    );
    expect(url.searchParams.get("originator")).toBe("codex_vscode");

    const cancel = await client.request("account/login/cancel", { loginId: start.result.loginId });
    expect(cancel.result).toEqual({ status: "canceled" });
    const completed = await client.notification("account/login/completed");
    expect(completed.params).toMatchObject({ loginId: start.result.loginId, success: false });
    expect(completed.params.error).toContain("cancel");
    const unknown = await client.request("account/login/cancel", { loginId: "nope" });
    expect(unknown.result).toEqual({ status: "notFound" });
    expect(existsSync(join(h.codexHome, "auth.json"))).toBe(false);
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });
});
