/**
 * Rebuilds a session's conversation from its rollout items: response items in order, each
 * `compacted` record replacing what came before it. The result is made safe to send: a tool call
 * whose output never got written (the process died mid-command) gets an "aborted" output, and an
 * output whose call is missing is dropped, since the Responses API rejects both.
 */
import type { ResponseItem, TokenUsageInfo } from "@codex/protocol";
import { buildCompactedHistory } from "../compact/bridge.ts";
import type { RolloutItem, TurnContextItem } from "./types.ts";

export type ReconstructedSession = {
  history: ResponseItem[];
  /** Settings of the last turn (model, cwd, policies), when one was recorded. */
  lastTurnContext: TurnContextItem | null;
  /** The last token_count seen: lets auto-compaction know how full the context was. */
  lastTokenInfo: TokenUsageInfo | null;
  compactions: number;
  /** Tool calls that got a synthetic "aborted" output. */
  abortedCalls: number;
};

export const ABORTED_OUTPUT = "aborted";

type CallKind = "function_call" | "custom_tool_call" | "local_shell_call";

function callId(item: ResponseItem): { kind: CallKind; id: string } | null {
  if (item.type === "function_call" || item.type === "custom_tool_call" || item.type === "local_shell_call")
    return { kind: item.type, id: item.call_id };
  return null;
}

function outputCallId(item: ResponseItem): string | null {
  return item.type === "function_call_output" || item.type === "custom_tool_call_output"
    ? item.call_id
    : null;
}

/** Pairs every tool call with an output and drops outputs without a call. */
export function normalizeToolCalls(history: readonly ResponseItem[]): {
  items: ResponseItem[];
  added: number;
} {
  const calls = new Set<string>();
  const outputs = new Set<string>();
  for (const item of history) {
    const call = callId(item);
    if (call) calls.add(call.id);
    const out = outputCallId(item);
    if (out !== null) outputs.add(out);
  }
  const items: ResponseItem[] = [];
  let added = 0;
  for (const item of history) {
    const out = outputCallId(item);
    if (out !== null && !calls.has(out)) continue;
    items.push(item);
    const call = callId(item);
    if (call && !outputs.has(call.id)) {
      added++;
      items.push(
        call.kind === "custom_tool_call"
          ? { type: "custom_tool_call_output", call_id: call.id, output: ABORTED_OUTPUT }
          : { type: "function_call_output", call_id: call.id, output: ABORTED_OUTPUT },
      );
    }
  }
  return { items, added };
}

export function reconstructSession(items: readonly RolloutItem[]): ReconstructedSession {
  let history: ResponseItem[] = [];
  let lastTurnContext: TurnContextItem | null = null;
  let lastTokenInfo: TokenUsageInfo | null = null;
  let compactions = 0;
  for (const item of items) {
    switch (item.type) {
      case "response_item":
        history.push(item.payload);
        break;
      case "compacted": {
        compactions++;
        const replacement = item.payload.replacement_history;
        history = Array.isArray(replacement)
          ? [...replacement]
          : buildCompactedHistory(
              history,
              typeof item.payload.message === "string" ? item.payload.message : "",
            );
        break;
      }
      case "turn_context":
        lastTurnContext = item.payload;
        break;
      case "event_msg":
        if (item.payload.type === "token_count" && item.payload.info) lastTokenInfo = item.payload.info;
        break;
      default:
        break;
    }
  }
  const normalized = normalizeToolCalls(history);
  return {
    history: normalized.items,
    lastTurnContext,
    lastTokenInfo,
    compactions,
    abortedCalls: normalized.added,
  };
}
