/** The factory the turn loop uses: one `ModelClient` per provider and wire API. */
import type { ProviderConfig } from "../config/types.ts";
import { ChatModelClient } from "./chat-client.ts";
import type { ModelClientOptions } from "./provider-endpoint.ts";
import { ResponsesModelClient } from "./responses-client.ts";
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
