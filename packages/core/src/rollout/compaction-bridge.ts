/**
 * The message that stands in for the old history after a compaction: the user's own messages
 * (newest kept whole, the first one kept as the original task, the middle dropped when over
 * budget) followed by the model's summary. Its tags let a later compaction pick the user messages
 * back out instead of nesting summaries inside summaries.
 */
import type { ResponseItem } from "@codex/protocol";
import { isSessionPrefixMessage, userMessageText } from "./summary.ts";

/** About 20k tokens at ~4 bytes a token, as Codex allows for the kept user messages. */
const BRIDGE_USER_MESSAGES_MAX_BYTES = 20_000 * 4;

const OPEN = "<conversation_compacted>";
const CLOSE = "</conversation_compacted>";

function truncateMiddle(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes <= maxBytes) return text;
  const keep = Math.max(0, Math.floor((maxBytes - 64) / 2));
  const head = Buffer.from(text, "utf8")
    .subarray(0, keep)
    .toString("utf8")
    .replace(/\uFFFD+$/, "");
  const tail = Buffer.from(text, "utf8")
    .subarray(bytes - keep)
    .toString("utf8")
    .replace(/^\uFFFD+/, "");
  const droppedTokens = Math.ceil((bytes - 2 * keep) / 4);
  return `${head}\n[… about ${droppedTokens} tokens truncated …]\n${tail}`;
}

/** Whether a history item is a bridge message written by a compaction. */
export function isBridgeMessage(item: ResponseItem): boolean {
  return (
    item.type === "message" &&
    item.role === "user" &&
    userMessageText(item.content).trimStart().startsWith(OPEN)
  );
}

function bridgeUserMessages(text: string): string[] {
  const m = /<user_messages>\n?([\s\S]*?)\n?<\/user_messages>/.exec(text);
  if (!m?.[1] || m[1] === "(none)") return [];
  return m[1].split("\n\n<next_user_message/>\n\n");
}

/** The user's own messages in a history, oldest first (earlier bridges contribute theirs). */
export function collectUserMessages(history: readonly ResponseItem[]): string[] {
  const out: string[] = [];
  for (const item of history) {
    if (item.type !== "message" || item.role !== "user") continue;
    const text = userMessageText(item.content);
    if (isBridgeMessage(item)) out.push(...bridgeUserMessages(text));
    else if (text.trim() !== "" && !isSessionPrefixMessage(text)) out.push(text);
  }
  return out;
}

/** Items the session put at the start of the conversation (instructions, environment). */
export function sessionPrefixItems(history: readonly ResponseItem[]): ResponseItem[] {
  return history.filter(
    (item) =>
      item.type === "message" &&
      item.role === "user" &&
      isSessionPrefixMessage(userMessageText(item.content)),
  );
}

/** Picks which user messages fit: the newest whole, then the first, then newest to oldest. */
export function selectUserMessages(messages: readonly string[], maxBytes: number): string[] {
  if (messages.length === 0) return [];
  const size = (s: string) => Buffer.byteLength(s, "utf8") + 24;
  const last = truncateMiddle(messages[messages.length - 1] as string, Math.floor(maxBytes / 2));
  let budget = maxBytes - size(last);
  if (messages.length === 1) return [last];
  const first = truncateMiddle(messages[0] as string, Math.max(256, Math.floor(budget / 2)));
  budget -= size(first);
  const middle: string[] = [];
  let i = messages.length - 2;
  for (; i >= 1; i--) {
    const m = messages[i] as string;
    if (size(m) > budget) break;
    middle.unshift(m);
    budget -= size(m);
  }
  const omitted = i;
  const notice = omitted > 0 ? [`[… ${omitted} earlier user message(s) omitted …]`] : [];
  return [first, ...notice, ...middle, last];
}

/** The bridge message text. */
function renderBridge(userMessages: readonly string[], summary: string): string {
  const users = userMessages.length > 0 ? userMessages.join("\n\n<next_user_message/>\n\n") : "(none)";
  const body = summary.trim() !== "" ? summary.trim() : "(no summary was produced)";
  return [
    OPEN,
    "The earlier part of this conversation was condensed to fit the context window. These are the",
    "messages the user sent so far, oldest first (the last one is the current request):",
    "<user_messages>",
    users,
    "</user_messages>",
    "This is the summary of the work done so far, written just before the condensation. Build on it;",
    "do not redo finished steps, and check the workspace when a detail matters:",
    "<summary>",
    body,
    "</summary>",
    CLOSE,
  ].join("\n");
}

/** The history that replaces `history` after a compaction that produced `summary`. */
export function buildCompactedHistory(
  history: readonly ResponseItem[],
  summary: string,
  options: { initialContext?: readonly ResponseItem[]; maxUserBytes?: number } = {},
): ResponseItem[] {
  const prefix = options.initialContext ? [...options.initialContext] : sessionPrefixItems(history);
  const users = selectUserMessages(
    collectUserMessages(history),
    options.maxUserBytes ?? BRIDGE_USER_MESSAGES_MAX_BYTES,
  );
  const bridge: ResponseItem = {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: renderBridge(users, summary) }],
  };
  return [...prefix, bridge];
}
