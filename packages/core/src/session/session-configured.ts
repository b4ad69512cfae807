/**
 * The first event of every session, `session_configured`: what a front end shows before the first
 * turn (model, policies, where the session is saved, the prompt history log, a resumed conversation).
 */
import type { EventMsg, InitialMessage, ResponseItem } from "@codex/protocol";
import type { Config } from "../config/types.ts";
import { sessionHistoryLog } from "../rollout/message-history.ts";
import { initialMessages } from "./initial-messages.ts";

export function sessionConfigured(
  config: Config,
  session: {
    id: string;
    rolloutPath: string | null;
    history: readonly ResponseItem[];
    /** A resumed session's conversation as the rollout's message events tell it. */
    conversation: InitialMessage[] | null | undefined;
    /** The front end recalls prompts (see CreateSessionOptions.promptHistory). */
    promptHistory: boolean;
  },
): EventMsg {
  return {
    type: "session_configured",
    session_id: session.id,
    model: config.model,
    model_provider: config.model_provider.id,
    cwd: config.cwd,
    approval_policy: config.approval_policy,
    sandbox_policy: config.sandbox_policy,
    reasoning_effort: config.model_reasoning_effort,
    rollout_path: session.rolloutPath,
    ...sessionHistoryLog(config, { wanted: session.promptHistory }),
    ...(session.history.length > 0
      ? { initial_messages: session.conversation ?? initialMessages(session.history) }
      : {}),
  };
}
