/**
 * Rebuilds a session's conversation from its rollout items: response items in order, each
 * `compacted` record replacing what came before it. The result is made safe to send: a tool call
 * whose output never got written (the process died mid-command) gets an "aborted" output, and an
 * output whose call is missing is dropped, since the Responses API rejects both.
 *
 * Turns start at their `turn_context` line; a `thread_rolled_back` marker (Codex 0.169's) drops the
 * last N turns since the last compaction, which the history no longer separates into turns.
 */
import type { ResponseItem, TokenUsageInfo } from "@codex/protocol";
import { buildCompactedHistory } from "./compaction-bridge.ts";
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
  /** Where each turn since the last compaction starts in `history` (for rolling turns back). */
  turnStarts: number[];
};

/** Cuts the last `numTurns` turns off `history` (in place); returns how many it could drop. */
export function dropLastTurns(history: ResponseItem[], turnStarts: number[], numTurns: number): number {
  const dropped = Math.min(numTurns, turnStarts.length);
  if (dropped === 0) return 0;
  const cut = turnStarts[turnStarts.length - dropped] as number;
  history.length = Math.min(history.length, cut);
  turnStarts.length -= dropped;
  return dropped;
}

const ABORTED_OUTPUT = "aborted";

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
  let turnStarts: number[] = [];
  for (const item of items) {
    switch (item.type) {
      case "response_item":
        history.push(item.payload);
        break;
      case "compacted": {
        compactions++;
        turnStarts = [];
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
        turnStarts.push(history.length);
        break;
      case "event_msg":
        if (item.payload.type === "token_count" && item.payload.info) lastTokenInfo = item.payload.info;
        else if (item.payload.type === "thread_rolled_back")
          dropLastTurns(history, turnStarts, Number(item.payload.num_turns) || 0);
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
    // Normalizing may add or drop items: find each turn's first item again.
    turnStarts: turnStarts
      .map((start) =>
        start < history.length ? normalized.items.indexOf(history[start] as ResponseItem) : -1,
      )
      .filter((start) => start >= 0),
  };
}
