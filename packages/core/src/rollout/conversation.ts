/**
 * The conversation of a saved session as the user saw it: what they typed and the agent's answers,
 * in order, for a front end to show again on resume. Like Codex 0.169 it is read from the events a
 * rollout recorded (`user_message` / `agent_message`, written by us and by 0.47, and the
 * `item_completed` UserMessage / AgentMessage items 0.169 writes), not from the model's history:
 * the history holds internal messages in the user's role (AGENTS.md, environment context, the
 * summary that replaced it after a compaction, notes about aborted turns) that the user never
 * typed, and after a compaction it no longer holds what came before.
 */
import type { InitialMessage } from "@codex/protocol";
import { isSessionPrefixMessage } from "./summary.ts";
import type { RolloutEventMsg, RolloutItem } from "./types.ts";

/** Starts of messages the session writes in the user's role. */
const INTERNAL_USER_MESSAGE_PREFIXES = [
  "<conversation_compacted>",
  // Codex 0.169's compaction summary and its per-directory instructions.
  "Another language model started to solve this problem",
  "# AGENTS.md instructions for ",
  "<turn_aborted>",
  "<user_shell_command>",
  // A SKILL.md brought in by a `$name` mention.
  "<skill>\n",
];

/** Whether a user-role message was written by the session rather than typed by the user. */
export function isInternalUserMessage(text: string): boolean {
  const start = text.trimStart();
  return (
    isSessionPrefixMessage(start) || INTERNAL_USER_MESSAGE_PREFIXES.some((prefix) => start.startsWith(prefix))
  );
}

type ItemCompletedPayload = {
  type: "item_completed";
  item?: { type?: unknown; content?: Array<{ type?: unknown; text?: unknown }> };
};

/** The text parts of a 0.169 UserMessage / AgentMessage item. */
function itemText(item: NonNullable<ItemCompletedPayload["item"]>): string {
  return (item.content ?? [])
    .filter((part) => (part.type === "text" || part.type === "Text") && typeof part.text === "string")
    .map((part) => part.text as string)
    .join("");
}

function messageOf(item: RolloutItem): InitialMessage | null {
  if (item.type !== "event_msg") return null;
  const payload = item.payload as RolloutEventMsg | ItemCompletedPayload;
  switch (payload.type) {
    case "user_message": {
      // 0.47 also recorded its instructions and environment as user_message, with a `kind`.
      const { message, kind } = payload as { message: unknown; kind?: unknown };
      if (typeof message !== "string" || (kind !== undefined && kind !== "plain")) return null;
      return isInternalUserMessage(message) ? null : { role: "user", text: message };
    }
    case "agent_message": {
      const { message } = payload as { message: unknown };
      return typeof message === "string" ? { role: "assistant", text: message } : null;
    }
    case "item_completed": {
      const completed = (payload as ItemCompletedPayload).item;
      if (completed?.type === "UserMessage") {
        const text = itemText(completed);
        return isInternalUserMessage(text) ? null : { role: "user", text };
      }
      if (completed?.type === "AgentMessage") return { role: "assistant", text: itemText(completed) };
      return null;
    }
    default:
      return null;
  }
}

/**
 * The user's and the agent's messages recorded in `items`, oldest first (blank ones left out);
 * null when the rollout recorded no message events at all (the caller then falls back to the
 * history).
 */
export function conversationFromRollout(items: readonly RolloutItem[]): InitialMessage[] | null {
  let sawMessageEvent = false;
  const out: InitialMessage[] = [];
  /** Where each turn (a user message and what follows it) starts in `out`. */
  const turnStarts: number[] = [];
  for (const item of items) {
    const dropped = rolledBackTurns(item);
    if (dropped > 0) {
      // A rollback (thread/revert) took the last turns out of the conversation.
      const keep = Math.max(0, turnStarts.length - dropped);
      out.length = turnStarts[keep] ?? out.length;
      turnStarts.length = keep;
      continue;
    }
    const message = messageOf(item);
    if (message === null) continue;
    sawMessageEvent = true;
    const text = message.text.trim();
    if (text === "") continue;
    if (message.role === "user") turnStarts.push(out.length);
    out.push({ role: message.role, text });
  }
  return sawMessageEvent ? out : null;
}

/** The number of turns a `thread_rolled_back` marker drops (0 for any other item). */
function rolledBackTurns(item: RolloutItem): number {
  if (item.type !== "event_msg") return 0;
  const payload = item.payload as { type: string; num_turns?: unknown };
  return payload.type === "thread_rolled_back" && typeof payload.num_turns === "number"
    ? payload.num_turns
    : 0;
}
