/**
 * What a resumed session shows of its earlier conversation. From the rollout's message events when
 * it has them (see rollout/conversation.ts); otherwise from the history, leaving out the messages
 * the session itself wrote in the user's role (instructions, environment, compaction summaries).
 */
import type { InitialMessage, ResponseItem } from "@codex/protocol";
import { isInternalUserMessage } from "../rollout/conversation.ts";

export function initialMessages(history: readonly ResponseItem[]): InitialMessage[] {
  const out: InitialMessage[] = [];
  for (const item of history) {
    if (item.type !== "message" || (item.role !== "user" && item.role !== "assistant")) continue;
    const text = item.content
      .map((part) => (part.type === "input_text" || part.type === "output_text" ? part.text : ""))
      .join("")
      .trim();
    if (text === "" || (item.role === "user" && isInternalUserMessage(text))) continue;
    out.push({ role: item.role, text });
  }
  return out;
}
