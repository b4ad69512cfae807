/** Built-in model providers (`openai`, `oss`) and user-defined `model_providers`, resolved. */
import { ConfigError } from "./errors.ts";
import type { ProviderConfig, WireApi } from "./types.ts";

const DEFAULT_REQUEST_MAX_RETRIES = 4;
const DEFAULT_STREAM_MAX_RETRIES = 5;
const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;
const MAX_RETRIES_CAP = 100;

type RawProvider = Record<string, unknown>;

function builtins(options: {
  env: NodeJS.ProcessEnv;
  openaiBaseUrl: string | null;
  version: string;
}): Record<string, ProviderConfig> {
  const { env } = options;
  const ossBase = env.CODEX_OSS_BASE_URL || `http://localhost:${env.CODEX_OSS_PORT || "11434"}/v1`;
  const common = {
    env_key_instructions: null,
    query_params: {},
    request_max_retries: DEFAULT_REQUEST_MAX_RETRIES,
    stream_max_retries: DEFAULT_STREAM_MAX_RETRIES,
    stream_idle_timeout_ms: DEFAULT_STREAM_IDLE_TIMEOUT_MS,
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

function stringMap(value: unknown): Record<string, string> {
  return value && typeof value === "object" ? { ...(value as Record<string, string>) } : {};
}

function resolveUserProvider(id: string, raw: RawProvider): ProviderConfig {
  if (typeof raw.name !== "string") {
    throw new ConfigError(
      `model_providers.${id}: missing field \`name\` (every provider needs name and base_url)`,
    );
  }
  const retries = (key: string, fallback: number): number =>
    Math.min(typeof raw[key] === "number" ? (raw[key] as number) : fallback, MAX_RETRIES_CAP);
  return {
    id,
    name: raw.name,
    base_url: typeof raw.base_url === "string" ? raw.base_url : null,
    env_key: typeof raw.env_key === "string" ? raw.env_key : null,
    env_key_instructions: typeof raw.env_key_instructions === "string" ? raw.env_key_instructions : null,
    wire_api: (raw.wire_api as WireApi | undefined) ?? "chat",
    query_params: stringMap(raw.query_params),
    http_headers: stringMap(raw.http_headers),
    env_http_headers: stringMap(raw.env_http_headers),
    request_max_retries: retries("request_max_retries", DEFAULT_REQUEST_MAX_RETRIES),
    stream_max_retries: retries("stream_max_retries", DEFAULT_STREAM_MAX_RETRIES),
    stream_idle_timeout_ms:
      typeof raw.stream_idle_timeout_ms === "number"
        ? raw.stream_idle_timeout_ms
        : DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    requires_openai_auth: raw.requires_openai_auth === true,
  };
}

/** All providers by id. User entries cannot replace the built-ins (as in Codex CLI). */
export function resolveProviders(
  raw: Record<string, RawProvider> | undefined,
  options: { env: NodeJS.ProcessEnv; openaiBaseUrl: string | null; version: string },
): Record<string, ProviderConfig> {
  const all = builtins(options);
  for (const [id, entry] of Object.entries(raw ?? {})) {
    if (id in all) continue;
    all[id] = resolveUserProvider(id, entry);
  }
  return all;
}
