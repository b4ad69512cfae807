import { describe, expect, test } from "bun:test";
import { providerBaseUrl, providerBearer, providerHeaders } from "../../src/client/provider-endpoint.ts";
import { backoffMs } from "../../src/client/request-retry.ts";
import { codexUserAgent, terminalDescription } from "../../src/client/user-agent.ts";
import { mockProvider } from "./helpers.ts";

describe("built-in providers", () => {
  test("openai: base_url, else OPENAI_BASE_URL, else api.openai.com", () => {
    const openai = mockProvider("", { id: "openai", base_url: null });
    expect(providerBaseUrl(openai, {})).toBe("https://api.openai.com/v1");
    expect(providerBaseUrl(openai, { OPENAI_BASE_URL: "http://127.0.0.1:9/v1/" })).toBe(
      "http://127.0.0.1:9/v1",
    );
    expect(providerBaseUrl({ ...openai, base_url: "https://proxy.example/v1" }, {})).toBe(
      "https://proxy.example/v1",
    );
  });

  test("oss: Ollama on localhost:11434, CODEX_OSS_PORT, CODEX_OSS_BASE_URL", () => {
    const oss = mockProvider("", { id: "oss", base_url: null, wire_api: "chat" });
    expect(providerBaseUrl(oss, {})).toBe("http://localhost:11434/v1");
    expect(providerBaseUrl(oss, { CODEX_OSS_PORT: "8080" })).toBe("http://localhost:8080/v1");
    expect(providerBaseUrl(oss, { CODEX_OSS_BASE_URL: "http://gpu:11434/v1" })).toBe("http://gpu:11434/v1");
  });

  test("a user provider without base_url is a config error naming the key", () => {
    expect(() => providerBaseUrl(mockProvider("", { id: "azure", base_url: null }), {})).toThrow(
      "model_providers.azure.base_url",
    );
  });
});

describe("credentials and headers", () => {
  test("oss needs no key; openai uses the resolved API key; a ChatGPT sign-in goes to the ChatGPT backend", () => {
    expect(providerBearer(mockProvider(""), null, {})).toBeNull();
    const openai = mockProvider("", { requires_openai_auth: true });
    expect(providerBearer(openai, { mode: "api_key", apiKey: "sk-1", source: "auth.json" }, {})).toBe("sk-1");
    const builtin = mockProvider("", { id: "openai", base_url: null, requires_openai_auth: true });
    const chatgpt = { baseUrl: "https://chatgpt.example/backend-api/" };
    expect(providerBaseUrl(builtin, {}, chatgpt)).toBe("https://chatgpt.example/backend-api/codex");
    // An explicit base URL (OPENAI_BASE_URL, openai_base_url) still wins.
    expect(providerBaseUrl(builtin, { OPENAI_BASE_URL: "http://proxy/v1" }, chatgpt)).toBe("http://proxy/v1");
  });

  test("env_http_headers skip unset and empty variables", () => {
    const provider = mockProvider("", {
      http_headers: { A: "1" },
      env_http_headers: { B: "VAR_B", C: "VAR_C", D: "VAR_D" },
    });
    expect(providerHeaders(provider, { VAR_B: "2", VAR_C: "" })).toEqual({ A: "1", B: "2" });
  });

  test("User-Agent: originator/version (os; arch) terminal", () => {
    expect(codexUserAgent({ originator: "codex_exec", version: "0.47.0", env: {} })).toMatch(
      /^codex_exec\/0\.47\.0 \([^;]+; (x86_64|aarch64|arm64|\w+)\) unknown$/,
    );
    expect(terminalDescription({ TERM_PROGRAM: "iTerm.app", TERM_PROGRAM_VERSION: "3.5" })).toBe(
      "iTerm.app/3.5",
    );
    expect(terminalDescription({ TERM: "xterm-256color" })).toBe("xterm-256color");
  });
});

test("backoff: 200 ms · 2^(n−1) with ±10% jitter", () => {
  expect(backoffMs(1, () => 0)).toBe(180);
  expect(backoffMs(1, () => 1)).toBe(220);
  expect(backoffMs(3, () => 0.5)).toBe(800);
});
