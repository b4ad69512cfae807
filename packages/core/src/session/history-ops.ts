/**
 * The ops about the user's prompts in $CODEX_HOME (`add_to_history`, `get_history_entry_request`,
 * `list_custom_prompts`): answered at once from files, never queued behind a turn.
 */
import type { EventMsg, Op } from "@codex/protocol";
import type { Config } from "../config/types.ts";
import { listCustomPrompts } from "../instructions/custom-prompts.ts";
import { appendHistoryEntry, historyEntry } from "../rollout/message-history.ts";

type HistoryOp = Extract<
  Op,
  { type: "add_to_history" | "get_history_entry_request" | "list_custom_prompts" }
>;

export function answerHistoryOp(
  op: HistoryOp,
  session: { config: Config; id: string; emit: (msg: EventMsg) => void },
): void {
  const { config, emit } = session;
  switch (op.type) {
    case "add_to_history":
      appendHistoryEntry({
        codexHome: config.codexHome,
        sessionId: session.id,
        text: op.text,
        persistence: config.history.persistence,
      }).catch((error: Error) =>
        emit({ type: "warning", message: `could not save to history.jsonl: ${error.message}` }),
      );
      break;
    case "get_history_entry_request": {
      const { offset, log_id } = op;
      const found = historyEntry(config.codexHome, { logId: log_id, offset });
      emit({
        type: "get_history_entry_response",
        offset,
        log_id,
        ...(found ? { entry: { conversation_id: found.session_id, ts: found.ts, text: found.text } } : {}),
      });
      break;
    }
    case "list_custom_prompts":
      void listCustomPrompts(config.codexHome).then((prompts) =>
        emit({ type: "list_custom_prompts_response", custom_prompts: prompts }),
      );
      break;
  }
}
