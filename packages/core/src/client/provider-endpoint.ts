/**
 * Everything a request to one provider needs besides its body: base URL, bearer token, query
 * parameters and headers (originator, User-Agent, provider `http_headers` and `env_http_headers`).
 */
import type { ChatGptAuth } from "../auth/chatgpt-auth.ts";
import type { CodexAuth } from "../auth/resolve-auth.ts";
import type { ProviderConfig } from "../config/types.ts";
import { ModelError } from "./types.ts";
import { codexUserAgent, resolveOriginator } from "./user-agent.ts";

const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
const CHATGPT_DEFAULT_BASE_URL = "https://chatgpt.com/backend-api/";
const OSS_DEFAULT_PORT = "11434";

type Env = Record<string, string | undefined>;

export type ModelClientOptions = {
  /** Resolved credentials (`resolveAuth`), used by providers with `requires_openai_auth`. */
  auth: CodexAuth | null;
  /** `chatgpt_base_url`: with a ChatGPT sign-in the built-in provider talks to `<it>/codex`. */
  chatgptBaseUrl?: string;
  /** Default `originator` header: "codex_exec" for exec, "codex_cli_rs" for the TUI. */
  originator: string;
  /** The CLI version, for the User-Agent. */
  version: string;
  /** Environment for env_key, env_http_headers and the originator override (default `process.env`). */
  env?: Env;
  /** Replaces `fetch` (tests, proxies). */
  fetch?: typeof fetch;
};

export type Endpoint = {
  baseUrl: string;
  /** The bearer token, or null for providers without auth (Ollama) and ChatGPT sign-ins. */
  bearer: string | null;
  /** A ChatGPT sign-in: its access token and account id are added to each request as it is sent. */
  chatgpt: ChatGptAuth | null;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** What to tell the user after a 401. */
  authHint: string;
  /** What to tell the user after a 404 (usually a wrong base_url). */
  notFoundHint: string;
  /** Who is asked, for error messages: the provider's id and name, and the base URL safe to print. */
  provider: ProviderLabel;
  /** Credentials (bearer, ChatGPT tokens, header values) that must never appear in a message. */
  secrets: () => string[];
};

export type ProviderLabel = { id: string; name: string; displayBaseUrl: string };

/**
 * A URL without what may carry a secret: credentials before the host and the query string (some
 * providers take their key as a query parameter).
 */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return withoutTrailingSlashes(parsed.toString());
  } catch {
    return url.replace(/\?.*$/, "");
  }
}

/** "Mock Provider (http://127.0.0.1:8080/v1/responses)": names who failed in a message. */
export function describeRequestTarget(provider: ProviderLabel, path: string): string {
  return `${provider.name} (${provider.displayBaseUrl}${path})`;
}

function nonBlank(value: string | undefined | null): string | null {
  return value !== undefined && value !== null && value.trim() !== "" ? value.trim() : null;
}

/**
 * The provider's base URL without a trailing slash. A ChatGPT sign-in sends the built-in provider's
 * requests to the ChatGPT backend (`chatgpt_base_url` + `codex`) unless a base URL was set.
 */
export function providerBaseUrl(
  provider: ProviderConfig,
  env: Env,
  chatgpt: { baseUrl: string } | null = null,
): string {
  let base = nonBlank(provider.base_url);
  if (base === null && provider.id === "openai" && chatgpt !== null && nonBlank(env.OPENAI_BASE_URL) === null)
    base = `${withoutTrailingSlashes(chatgpt.baseUrl)}/codex`;
  if (base === null && provider.id === "openai")
    base = nonBlank(env.OPENAI_BASE_URL) ?? OPENAI_DEFAULT_BASE_URL;
  if (base === null && provider.id === "oss") {
    base =
      nonBlank(env.CODEX_OSS_BASE_URL) ??
      `http://localhost:${nonBlank(env.CODEX_OSS_PORT) ?? OSS_DEFAULT_PORT}/v1`;
  }
  if (base === null) {
    throw new ModelError(
      `model provider \`${provider.id}\` has no base_url; set model_providers.${provider.id}.base_url in config.toml`,
      {
        kind: "fatal",
      },
    );
  }
  return withoutTrailingSlashes(base);
}

/**
 * `url` without the slashes it ends with. Not a regular expression: this runs before every
 * session's first request, and the first one a process runs costs it ~1.4 MiB (docs/performance.md).
 */
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === "/") end--;
  return url.slice(0, end);
}

function authHint(provider: ProviderConfig, auth: CodexAuth | null): string {
  if (provider.env_key) return `Check the API key in the ${provider.env_key} environment variable.`;
  if (provider.requires_openai_auth && auth?.mode === "chatgpt")
    return "Your ChatGPT sign-in was not accepted: run `codex login` to sign in again.";
  return "Set OPENAI_API_KEY (CODEX_API_KEY for codex exec) or run `codex login --with-api-key`.";
}

/** The bearer token for `provider`, or a clear error when one is needed and missing. */
export function providerBearer(provider: ProviderConfig, auth: CodexAuth | null, env: Env): string | null {
  const configured = nonBlank(provider.experimental_bearer_token);
  if (configured !== null) return configured;
  if (provider.env_key) {
    const value = nonBlank(env[provider.env_key]);
    if (value === null) {
      const instructions = provider.env_key_instructions ? ` ${provider.env_key_instructions}` : "";
      throw new ModelError(`Missing environment variable: \`${provider.env_key}\`.${instructions}`, {
        kind: "unauthorized",
      });
    }
    return value;
  }
  if (!provider.requires_openai_auth) return null;
  if (auth === null) {
    throw new ModelError(
      "Not logged in: run `codex login` to sign in with ChatGPT, or set OPENAI_API_KEY (CODEX_API_KEY for codex exec).",
      { kind: "unauthorized" },
    );
  }
  // A ChatGPT sign-in's token is added per request (it may be refreshed meanwhile).
  return auth.mode === "api_key" ? auth.apiKey : null;
}

/** Provider `http_headers`, then `env_http_headers` whose variables are set and non-empty. */
export function providerHeaders(provider: ProviderConfig, env: Env): Record<string, string> {
  const headers: Record<string, string> = { ...provider.http_headers };
  for (const [name, variable] of Object.entries(provider.env_http_headers)) {
    const value = nonBlank(env[variable]);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

export function resolveEndpoint(provider: ProviderConfig, options: ModelClientOptions): Endpoint {
  const env = options.env ?? process.env;
  const originator = resolveOriginator(options.originator, env);
  const chatgpt =
    !provider.env_key && provider.requires_openai_auth && options.auth?.mode === "chatgpt"
      ? options.auth.session
      : null;
  const baseUrl = providerBaseUrl(
    provider,
    env,
    chatgpt ? { baseUrl: options.chatgptBaseUrl ?? CHATGPT_DEFAULT_BASE_URL } : null,
  );
  const bearer = providerBearer(provider, options.auth, env);
  const headers = providerHeaders(provider, env);
  return {
    baseUrl,
    bearer,
    chatgpt,
    query: { ...provider.query_params },
    headers: {
      originator,
      "User-Agent": codexUserAgent({ originator, version: options.version, env }),
      ...headers,
    },
    authHint: authHint(provider, options.auth),
    notFoundHint: `Check the base URL of model provider \`${provider.id}\` (${displayUrl(baseUrl)}).`,
    provider: { id: provider.id, name: provider.name, displayBaseUrl: displayUrl(baseUrl) },
    secrets: () =>
      [bearer, chatgpt?.tokens.access_token, chatgpt?.tokens.refresh_token, ...Object.values(headers)].filter(
        (value): value is string => typeof value === "string" && value.length >= 8,
      ),
  };
}
