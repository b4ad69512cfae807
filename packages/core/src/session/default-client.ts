/** Makes the model client for the configured provider (loaded lazily, on the first turn). */
import type { ModelClient } from "../client/types.ts";
import type { Config } from "../config/types.ts";

export async function createDefaultClient(
  _config: Config,
  _options: { conversationId: string },
): Promise<ModelClient> {
  throw new Error("no model client is available in this build");
}
