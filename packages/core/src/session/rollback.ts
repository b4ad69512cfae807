/**
 * The `thread_rollback` op: the last turns leave the conversation (the history the next request
 * sends, and the rollout through Codex 0.169's `thread_rolled_back` marker) and, when asked, their
 * file changes are undone first. All or nothing: when a file cannot be put back, nothing changes.
 */
import type { EventMsg, ResponseItem } from "@codex/protocol";
import { dropLastTurns } from "../rollout/reconstruct.ts";
import type { TurnFileHistory } from "../undo/turn-files.ts";
import type { ContextMessages } from "./context-messages.ts";
import type { SessionRecorder } from "./session-types.ts";

export type RollbackState = {
  history: ResponseItem[];
  turnStarts: number[];
  context: ContextMessages;
  recorder: SessionRecorder | null;
  files: TurnFileHistory | null;
};

/** Rolls back; returns the event that answers the op (`thread_rolled_back` or an `error`). */
export function rollbackTurns(
  state: RollbackState,
  request: { numTurns: number; restoreFiles: boolean },
): EventMsg {
  const { numTurns } = request;
  const available = state.turnStarts.length;
  if (numTurns > available) {
    const message =
      available === 0
        ? "there is no turn to roll back in this session"
        : `cannot roll back ${numTurns} turns: only the last ${available} can be (earlier ones were compacted or are not in this session)`;
    return { type: "error", message };
  }
  let restored: EventMsg & { type: "thread_rolled_back" } = {
    type: "thread_rolled_back",
    num_turns: numTurns,
  };
  if (request.restoreFiles) {
    if (state.files === null)
      return {
        type: "error",
        message: "this session keeps no file history (it is not saved), so its files cannot be restored",
      };
    const outcome = state.files.restore(numTurns);
    if (!outcome.ok)
      return {
        type: "error",
        message: `nothing was undone: ${outcome.problems.join("; ")}`,
      };
    restored = { ...restored, restored_files: outcome.files };
  }
  dropLastTurns(state.history, state.turnStarts, numTurns);
  if (state.history.length === 0) state.context.forget();
  state.files?.forget(numTurns);
  state.recorder?.recordEvent?.({ type: "thread_rolled_back", num_turns: numTurns });
  state.recorder?.sync?.();
  return restored;
}
