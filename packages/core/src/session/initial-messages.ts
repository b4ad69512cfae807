/** The user and assistant messages of a resumed conversation, for front ends to show again. */
import type { InitialMessage, ResponseItem } from "@codex/protocol";

/** Context the session itself sends (AGENTS.md, environment, interrupts); not what the user typed. */
const CONTEXT_PREFIXES = ["<user_instructions>", "<environment_context>", "<turn_aborted>"];

export function initialMessages(history: readonly ResponseItem[]): InitialMessage[] {
  const out: InitialMessage[] = [];
  for (const item of history) {
    if (item.type !== "message" || (item.role !== "user" && item.role !== "assistant")) continue;
    const text = item.content
      .map((part) => (part.type === "input_text" || part.type === "output_text" ? part.text : ""))
      .join("")
      .trim();
    if (text === "" || CONTEXT_PREFIXES.some((prefix) => text.startsWith(prefix))) continue;
    out.push({ role: item.role, text });
  }
  return out;
}
