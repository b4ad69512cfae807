/**
 * web_search is a native Responses tool: the server runs it and reports a `web_search_call` output
 * item, which the turn loop shows as a `web_search` thread item.
 */
import type { ResponseItem, WebSearchItem } from "@codex/protocol";

/** The `web_search` item for a `web_search_call` output item (no query: empty string). */
export function webSearchItemFromCall(
  item: Extract<ResponseItem, { type: "web_search_call" }>,
  id: string,
): WebSearchItem {
  const action = item.action;
  const query = action?.type === "search" ? (action.query ?? action.queries?.join(" ") ?? "") : "";
  return { id, type: "web_search", query };
}
