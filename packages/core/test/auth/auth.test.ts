import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAuthFile, writeAuthFile } from "../../src/auth/auth-file.ts";
import { loginStatus, loginWithApiKey, logout, safeFormatKey } from "../../src/auth/login.ts";
import { resolveAuth } from "../../src/auth/resolve-auth.ts";

function home(): string {
  return mkdtempSync(join(tmpdir(), "codex-auth-"));
}

describe("login --with-api-key / status / logout", () => {
  test("writes auth.json in the reference format with mode 0600", () => {
    const dir = home();
    expect(loginWithApiKey(dir, "sk-proj-1234567890ABCDE\n")).toEqual({
      message: "Successfully logged in",
      exitCode: 0,
    });
    const path = join(dir, "auth.json");
    // 0.169's layout: the mode, the key, nothing else.
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      auth_mode: "apikey",
      OPENAI_API_KEY: "sk-proj-1234567890ABCDE",
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test("status masks the key; env keys are reported as such", () => {
    const dir = home();
    expect(loginStatus(dir, {})).toEqual({ message: "Not logged in", exitCode: 1 });
    loginWithApiKey(dir, "sk-proj-1234567890ABCDE");
    expect(loginStatus(dir, {})).toEqual({
      message: "Logged in using an API key - sk-proj-***ABCDE",
      exitCode: 0,
    });
    const fromEnv = loginStatus(home(), { OPENAI_API_KEY: "sk-env-000000000000xyz99" });
    expect(fromEnv.message).toBe(
      "Logged in using an API key - sk-env-0***xyz99\n   API loaded from OPENAI_API_KEY environment variable or .env file",
    );
  });

  test("ChatGPT tokens in auth.json show as a ChatGPT login", () => {
    const dir = home();
    writeFileSync(
      join(dir, "auth.json"),
      JSON.stringify({
        OPENAI_API_KEY: null,
        tokens: { id_token: "i", access_token: "a", refresh_token: "r" },
        last_refresh: null,
      }),
    );
    expect(loginStatus(dir, {}).message).toBe("Logged in using ChatGPT");
  });

  test("logout removes auth.json, then says not logged in", async () => {
    const dir = home();
    loginWithApiKey(dir, "sk-test-key-123456789");
    expect(await logout(dir)).toEqual({ message: "Successfully logged out", exitCode: 0 });
    expect(readAuthFile(dir)).toBeNull();
    expect(await logout(dir)).toEqual({ message: "Not logged in", exitCode: 0 });
  });

  test("an empty key is refused", () => {
    expect(loginWithApiKey(home(), "  \n").exitCode).toBe(1);
  });

  test("safeFormatKey keeps 8 + 5 characters", () => {
    expect(safeFormatKey("sk-proj-1234567890ABCDE")).toBe("sk-proj-***ABCDE");
    expect(safeFormatKey("sk-proj-12345")).toBe("***");
  });

  test("a malformed auth.json is reported with its path", () => {
    const dir = home();
    writeFileSync(join(dir, "auth.json"), "{nope");
    const status = loginStatus(dir, {});
    expect(status.exitCode).toBe(1);
    expect(status.message).toContain(join(dir, "auth.json"));
  });
});

describe("resolveAuth", () => {
  test("CODEX_API_KEY only when asked (exec), then auth.json, then OPENAI_API_KEY (as Codex CLI 0.169)", () => {
    const dir = home();
    loginWithApiKey(dir, "sk-from-file-0000000");
    const env = { CODEX_API_KEY: "codex-key", OPENAI_API_KEY: "openai-key" };
    expect(resolveAuth({ codexHome: dir, env, useCodexApiKeyEnv: true })).toEqual({
      mode: "api_key",
      apiKey: "codex-key",
      source: "CODEX_API_KEY",
    });
    expect(resolveAuth({ codexHome: dir, env })).toMatchObject({
      apiKey: "sk-from-file-0000000",
      source: "auth.json",
    });
    expect(resolveAuth({ codexHome: home(), env })).toMatchObject({
      apiKey: "openai-key",
      source: "OPENAI_API_KEY",
    });
    expect(resolveAuth({ codexHome: home(), env: { OPENAI_API_KEY: "  " } })).toBeNull();
  });
});

describe("auth.json writes", () => {
  test("are 0600 from creation even with umask 0, atomic (no temporary left), and keep unknown fields", () => {
    const dir = home();
    writeFileSync(
      join(dir, "auth.json"),
      JSON.stringify({
        auth_mode: "chatgpt",
        OPENAI_API_KEY: null,
        tokens: {
          id_token: "i",
          access_token: "a",
          refresh_token: "r",
          login_owner_id: "o",
          account_id: "acct",
        },
        last_refresh: "2025-01-01T00:00:00Z",
        future_field: { kept: true },
      }),
    );
    const previous = process.umask(0);
    try {
      const auth = readAuthFile(dir);
      if (auth?.tokens == null) throw new Error("tokens expected");
      writeAuthFile(dir, { ...auth, tokens: { ...auth.tokens, access_token: "a2" } });
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, "auth.json")).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["auth.json"]);
    expect(JSON.parse(readFileSync(join(dir, "auth.json"), "utf8"))).toEqual({
      auth_mode: "chatgpt",
      OPENAI_API_KEY: null,
      tokens: {
        id_token: "i",
        access_token: "a2",
        refresh_token: "r",
        login_owner_id: "o",
        account_id: "acct",
      },
      last_refresh: "2025-01-01T00:00:00Z",
      future_field: { kept: true },
    });
  });

  test("a malformed auth.json is reported without quoting its contents", () => {
    const dir = home();
    writeFileSync(join(dir, "auth.json"), '{"OPENAI_API_KEY": "sk-secret-value-123" oops');
    expect(() => readAuthFile(dir)).toThrow("is not valid JSON");
    try {
      readAuthFile(dir);
    } catch (error) {
      expect((error as Error).message).not.toContain("sk-secret");
    }
  });
});
