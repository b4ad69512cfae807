/** The factory the turn loop uses: one `ModelClient` per provider and wire API. */
import type { ProviderConfig } from "../config/types.ts";
import { ChatModelClient } from "./chat-client.ts";
import type { ModelClientOptions } from "./provider-endpoint.ts";
import { ResponsesModelClient } from "./responses-client.ts";
import { loadOpenAI } from "./sdk.ts";
import type { ModelClient } from "./types.ts";

/**
 * A client for `provider` (Responses API unless `wire_api = "chat"`). Cheap: nothing is loaded or
 * checked until the first `stream()`, whose first step reports a missing key as a `ModelError`.
 */
export function createModelClient(provider: ProviderConfig, options: ModelClientOptions): ModelClient {
  return provider.wire_api === "chat"
    ? new ChatModelClient(provider, options)
    : new ResponsesModelClient(provider, options);
}

/**
 * Starts loading the openai SDK in the background (it costs tens of milliseconds), e.g. while the
 * TUI waits for the first prompt. Never needed for correctness; never call it on a path that must
 * start fast and may not make a request (`--version`, `login status`).
 */
export function preloadModelClient(): void {
  void loadOpenAI().catch(() => {});
}
