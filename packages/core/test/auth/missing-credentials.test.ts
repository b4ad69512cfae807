import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loginWithApiKey } from "../../src/auth/login.ts";
import { missingCredentials } from "../../src/auth/missing-credentials.ts";
import { loadConfig } from "../../src/config/load.ts";

/** The loaded config for a CODEX_HOME holding `toml`, as the CLI would load it. */
function configWith(toml: string) {
  const codexHome = mkdtempSync(join(tmpdir(), "codex-creds-"));
  writeFileSync(join(codexHome, "config.toml"), toml);
  return loadConfig({ codexHome, cwd: codexHome, env: {}, onWarning: () => {} }).config;
}

describe("missingCredentials: what a request would lack, known before the first one", () => {
  test("OpenAI: not logged in, then logged in by OPENAI_API_KEY or by `codex login --with-api-key`", () => {
    const config = configWith("");
    expect(missingCredentials(config, { env: {} })).toBe(
      "Not logged in to model provider `openai`: run `codex login` to sign in with ChatGPT, `codex login --with-api-key` (the key on stdin), or set OPENAI_API_KEY and start codex again.",
    );
    expect(missingCredentials(config, { env: { OPENAI_API_KEY: "  " } })).not.toBeNull();
    expect(missingCredentials(config, { env: { OPENAI_API_KEY: "sk-test" } })).toBeNull();
    // CODEX_API_KEY counts only where exec honours it.
    expect(missingCredentials(config, { env: { CODEX_API_KEY: "sk-test" } })).not.toBeNull();
    expect(
      missingCredentials(config, { env: { CODEX_API_KEY: "sk-test" }, useCodexApiKeyEnv: true }),
    ).toBeNull();
    loginWithApiKey(config.codexHome, "sk-proj-1234567890ABCDE");
    expect(missingCredentials(config, { env: {} })).toBeNull();
  });

  test("an unusable credentials store is reported, not thrown", () => {
    const config = configWith('cli_auth_credentials_store = "keyring"\n');
    expect(missingCredentials(config, { env: {} })).toContain("keyring");
  });

  test("a provider's env_key names the variable to set, with the provider's own instructions", () => {
    const config = configWith(
      'model_provider = "azure"\n[model_providers.azure]\nname = "Azure"\nbase_url = "https://example.invalid/openai"\nenv_key = "AZURE_OPENAI_API_KEY"\nenv_key_instructions = "Create a key in the Azure portal."\n',
    );
    expect(missingCredentials(config, { env: {} })).toBe(
      "No API key for model provider `azure`: set the AZURE_OPENAI_API_KEY environment variable and start codex again. Create a key in the Azure portal.",
    );
    expect(missingCredentials(config, { env: { AZURE_OPENAI_API_KEY: "k" } })).toBeNull();
  });

  test("providers without auth (a local server) need nothing; a broken auth.json says how to fix it", () => {
    expect(missingCredentials(configWith('model_provider = "oss"\n'), { env: {} })).toBeNull();
    const config = configWith("");
    writeFileSync(join(config.codexHome, "auth.json"), "{not json");
    expect(missingCredentials(config, { env: {} })).toContain("auth.json is not valid JSON");
    expect(missingCredentials(config, { env: {} })).toContain("codex logout");
  });
});
