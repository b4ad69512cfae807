/** Saved sessions (rollout files) as v2 threads: for thread/list, thread/read and thread/resume. */
import type { SavedThread, SessionSummary } from "@codex/core";
import type { InitialMessage } from "@codex/protocol";
import { type ThreadFacts, type V2Turn, v2SessionSource } from "./thread-view.ts";
import { agentMessageItem, userMessageItem } from "./v2-items.ts";

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * The conversation cut into turns: each user message opens one. The rollout does not record v2
 * turn ids, so saved turns get ids derived from the thread id and their position (stable across
 * reads, which thread/revert relies on).
 */
export function turnsFromConversation(threadId: string, conversation: readonly InitialMessage[]): V2Turn[] {
  const turns: V2Turn[] = [];
  for (const message of conversation) {
    if (message.role === "user" || turns.length === 0) {
      const id = `${threadId}-turn-${turns.length}`;
      turns.push({
        id,
        rootTurnId: id,
        items: [],
        itemsView: "full",
        status: "completed",
        error: null,
        startedAt: null,
        completedAt: null,
        durationMs: null,
      });
    }
    const turn = turns[turns.length - 1] as V2Turn;
    const itemId = `${turn.id}-${turn.items.length}`;
    turn.items.push(
      message.role === "user"
        ? userMessageItem(itemId, message.text)
        : agentMessageItem(itemId, message.text),
    );
  }
  return turns;
}

export function savedThreadFacts(saved: SavedThread): ThreadFacts {
  return {
    id: saved.id,
    preview: saved.conversation.find((m) => m.role === "user")?.text ?? "",
    ephemeral: false,
    modelProvider: saved.modelProvider ?? "openai",
    model: null,
    createdAt: seconds(Date.parse(saved.timestamp)),
    updatedAt: seconds(saved.modifiedMs),
    path: saved.path,
    cwd: saved.cwd,
    originator: saved.originator,
    source: v2SessionSource(saved.source),
    forkedFromId: null,
  };
}

export function summaryFacts(summary: SessionSummary, modifiedMs: number): ThreadFacts {
  return {
    id: summary.id,
    preview: summary.firstUserMessage ?? "",
    ephemeral: false,
    modelProvider: summary.modelProvider ?? "openai",
    model: null,
    createdAt: seconds(Date.parse(summary.timestamp)),
    updatedAt: seconds(modifiedMs),
    path: summary.path,
    cwd: summary.cwd,
    originator: summary.originator,
    source: v2SessionSource(summary.source),
    forkedFromId: null,
  };
}
