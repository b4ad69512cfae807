/** Makes the model client for the configured provider (loaded lazily, on the first turn). */
import type { ModelClient } from "../client/types.ts";
import type { Config } from "../config/types.ts";

export type DefaultClientOptions = {
  originator: string;
  useCodexApiKeyEnv: boolean;
  env: Record<string, string | undefined>;
};

export function createDefaultClient(_config: Config, _options: DefaultClientOptions): ModelClient {
  throw new Error("no model client is available in this build yet");
}
