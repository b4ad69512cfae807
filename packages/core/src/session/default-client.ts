/** Makes the model client for the configured provider (loaded lazily, on the first turn). */
import { CODEX_VERSION } from "@codex/protocol";
import { resolveAuth } from "../auth/resolve-auth.ts";
import { createModelClient } from "../client/create-model-client.ts";
import type { ModelClient } from "../client/types.ts";
import type { Config } from "../config/types.ts";

export type DefaultClientOptions = {
  originator: string;
  useCodexApiKeyEnv: boolean;
  env: Record<string, string | undefined>;
};

export function createDefaultClient(config: Config, options: DefaultClientOptions): ModelClient {
  const auth = resolveAuth({
    codexHome: config.codexHome,
    env: options.env,
    useCodexApiKeyEnv: options.useCodexApiKeyEnv,
    storeMode: config.cli_auth_credentials_store,
    originator: options.originator,
  });
  return createModelClient(config.model_provider, {
    auth,
    chatgptBaseUrl: config.chatgpt_base_url,
    // `responses_originator_header_internal_override` (Codex 0.47); CODEX_INTERNAL_ORIGINATOR_OVERRIDE still wins.
    originator: config.responses_originator_header_internal_override ?? options.originator,
    version: CODEX_VERSION,
    env: options.env,
  });
}
