/** Built-in model providers (`openai`, `oss`) and user-defined `model_providers`, resolved. */
import { ConfigError } from "./errors.ts";
import type { Settings } from "./keys/index.ts";
import { PROVIDER_KEYS } from "./keys/model.ts";
import type { ProviderConfig } from "./types.ts";

const MAX_RETRIES_CAP = 100;

type ProviderSettings = Settings["model_providers"][string];

function builtins(options: {
  env: NodeJS.ProcessEnv;
  openaiBaseUrl: string | null;
  version: string;
}): Record<string, ProviderConfig> {
  const { env } = options;
  const ossBase = env.CODEX_OSS_BASE_URL || `http://localhost:${env.CODEX_OSS_PORT || "11434"}/v1`;
  const common = {
    env_key_instructions: null,
    experimental_bearer_token: null,
    query_params: {},
    // The built-ins take the declared defaults of user providers.
    request_max_retries: PROVIDER_KEYS.request_max_retries.default,
    stream_max_retries: PROVIDER_KEYS.stream_max_retries.default,
    stream_idle_timeout_ms: PROVIDER_KEYS.stream_idle_timeout_ms.default,
  };
  return {
    openai: {
      ...common,
      id: "openai",
      name: "OpenAI",
      base_url: options.openaiBaseUrl || env.OPENAI_BASE_URL || null,
      env_key: null,
      wire_api: "responses",
      http_headers: { version: options.version },
      env_http_headers: { "OpenAI-Organization": "OPENAI_ORGANIZATION", "OpenAI-Project": "OPENAI_PROJECT" },
      requires_openai_auth: true,
    },
    oss: {
      ...common,
      id: "oss",
      name: "gpt-oss",
      base_url: ossBase,
      env_key: null,
      wire_api: "chat",
      http_headers: {},
      env_http_headers: {},
      requires_openai_auth: false,
    },
  };
}

function resolveUserProvider(id: string, raw: ProviderSettings): ProviderConfig {
  if (raw.name === null) {
    throw new ConfigError(
      `model_providers.${id}: missing field \`name\` (every provider needs name and base_url)`,
    );
  }
  return {
    id,
    name: raw.name,
    base_url: raw.base_url,
    env_key: raw.env_key,
    env_key_instructions: raw.env_key_instructions,
    experimental_bearer_token: raw.experimental_bearer_token,
    wire_api: raw.wire_api,
    query_params: { ...raw.query_params },
    http_headers: { ...raw.http_headers },
    env_http_headers: { ...raw.env_http_headers },
    request_max_retries: Math.min(raw.request_max_retries, MAX_RETRIES_CAP),
    stream_max_retries: Math.min(raw.stream_max_retries, MAX_RETRIES_CAP),
    stream_idle_timeout_ms: raw.stream_idle_timeout_ms,
    requires_openai_auth: raw.requires_openai_auth,
  };
}

/** All providers by id. User entries cannot replace the built-ins (as in Codex CLI). */
export function resolveProviders(
  raw: Settings["model_providers"],
  options: { env: NodeJS.ProcessEnv; openaiBaseUrl: string | null; version: string },
): Record<string, ProviderConfig> {
  const all = builtins(options);
  for (const [id, entry] of Object.entries(raw)) {
    if (id in all) continue;
    all[id] = resolveUserProvider(id, entry);
  }
  return all;
}
