/**
 * The session's model client, made on first use (a session that never runs a turn never loads the
 * provider's code or reads credentials) and made again on the next turn after a failed attempt.
 */
import type { ModelClient } from "../client/types.ts";
import type { Config } from "../config/types.ts";
import type { CreateSessionOptions } from "./session-types.ts";

export class ModelClientLoader {
  private client: Promise<ModelClient> | null = null;

  constructor(
    private readonly config: Config,
    private readonly options: Pick<CreateSessionOptions, "client" | "useCodexApiKeyEnv" | "env"> & {
      originator: string;
    },
  ) {}

  get(): Promise<ModelClient> {
    if (this.client === null) {
      const given = this.options.client;
      this.client =
        typeof given === "function"
          ? given()
          : given
            ? Promise.resolve(given)
            : import("./default-client.ts").then((m) =>
                m.createDefaultClient(this.config, {
                  originator: this.options.originator,
                  useCodexApiKeyEnv: this.options.useCodexApiKeyEnv ?? false,
                  env: this.options.env ?? process.env,
                }),
              );
      // A failed creation is retried on the next turn.
      this.client.catch(() => {
        this.client = null;
      });
    }
    return this.client;
  }
}
