/**
 * One attempt at streaming a model response. Deltas go out for live rendering; each finished item
 * is committed (history + rollout) as it arrives and shown as a thread item; each tool call is
 * handed to a `ToolQueue`, which runs it while this function goes on reading the stream. The
 * attempt returns (or throws, when the stream broke) only once every call it queued has its output
 * committed, so a retry's request carries them.
 */
import { addTokenUsage, type ResponseItem, type TokenUsage } from "@codex/protocol";
import { ModelError, type ModelRequest } from "../client/types.ts";
import { boundToolCall } from "../tools/call-size.ts";
import { toolCallFromItem } from "../tools/orchestrator.ts";
import { webSearchItemFromCall } from "../tools/web-search.ts";
import { warmSandboxForTools } from "./sandbox-warm.ts";
import { ToolQueue } from "./tool-queue.ts";
import { commitItems, type TurnRuntime } from "./turn-runtime.ts";

/** What one model call has produced so far; it outlives a broken attempt. */
export type Sampling = {
  /**
   * Ids handed to streaming (not yet completed) items. When a stream breaks and is retried, the
   * retry's items reuse them, so ids stay consecutive as the reference's.
   */
  ids: { message: string | null; reasoning: string | null };
  lastAgentMessage: string | null;
};

export type AttemptOutcome = {
  /** Tool calls the response made (each now has its output in the history). */
  toolCalls: number;
  usage: TokenUsage | null;
};

function messageText(item: ResponseItem & { type: "message" }): string {
  return item.content.map((part) => (part.type === "output_text" ? part.text : "")).join("");
}

/** Emits the thread item a finished non-tool output item shows as, if any. */
function showItem(rt: TurnRuntime, item: ResponseItem, sampling: Sampling): void {
  const { ids } = sampling;
  if (item.type === "message" && item.role === "assistant") {
    const text = messageText(item);
    const id = ids.message ?? rt.nextItemId();
    ids.message = null;
    rt.emit({ type: "item_completed", item: { id, type: "agent_message", text } });
    sampling.lastAgentMessage = text;
  } else if (item.type === "reasoning") {
    if (rt.config.hide_agent_reasoning) return;
    for (const part of item.summary) {
      if (part.text.trim() === "") continue;
      const id = ids.reasoning ?? rt.nextItemId();
      ids.reasoning = null;
      rt.emit({ type: "item_completed", item: { id, type: "reasoning", text: part.text } });
    }
  } else if (item.type === "web_search_call") {
    rt.emit({ type: "item_completed", item: webSearchItemFromCall(item, rt.nextItemId()) });
  }
}

/** Commits a finished output item; queues it when it is a tool call. Returns 1 for a call, else 0. */
function onItemDone(rt: TurnRuntime, item: ResponseItem, sampling: Sampling, tools: ToolQueue): number {
  if (toolCallFromItem(item) === null) {
    commitItems(rt, [item]);
    showItem(rt, item, sampling);
    return 0;
  }
  // An oversized payload is replaced before anything keeps it (history, rollout, the queue).
  const bounded = boundToolCall(item);
  commitItems(rt, [bounded.item]);
  if (bounded.refusal !== null) rt.emit({ type: "warning", message: bounded.refusal.warning });
  const call = toolCallFromItem(bounded.item);
  if (call !== null) tools.add(call, { refusal: bounded.refusal?.output ?? null });
  return 1;
}

/** Items that are tool calls: their commands want the turn's sandbox. */
const TOOL_CALLS = new Set(["function_call", "custom_tool_call", "local_shell_call"]);

export async function streamResponse(
  rt: TurnRuntime,
  request: ModelRequest,
  sampling: Sampling,
): Promise<AttemptOutcome> {
  const outcome: AttemptOutcome = { toolCalls: 0, usage: null };
  const tools = new ToolQueue(rt);
  const showReasoning = !rt.config.hide_agent_reasoning;
  let completed = false;
  try {
    for await (const event of rt.client.stream(request, { signal: rt.signal })) {
      switch (event.type) {
        case "output_text_delta":
          sampling.ids.message ??= rt.nextItemId();
          rt.emit({ type: "agent_message_delta", item_id: sampling.ids.message, delta: event.delta });
          break;
        case "reasoning_summary_delta":
          if (!showReasoning) break;
          sampling.ids.reasoning ??= rt.nextItemId();
          rt.emit({ type: "reasoning_delta", item_id: sampling.ids.reasoning, delta: event.delta });
          break;
        case "output_item_added":
          // While the call's arguments stream: the sandbox it runs in, the files undo puts back.
          if (TOOL_CALLS.has(event.item.type)) {
            warmSandboxForTools(rt);
            rt.toolsComing?.();
          }
          break;
        case "output_item_done":
          outcome.toolCalls += onItemDone(rt, event.item, sampling, tools);
          break;
        case "completed":
          completed = true;
          if (event.usage) {
            outcome.usage = event.usage;
            rt.usage = addTokenUsage(rt.usage, event.usage);
            rt.emit({
              type: "token_count",
              info: {
                total_token_usage: rt.usage,
                last_token_usage: event.usage,
                model_context_window: rt.config.model_context_window,
              },
            });
          }
          break;
        default:
          break;
      }
    }
  } finally {
    // Whether the stream completed or broke: the calls it started finish (and are committed) first.
    await tools.drain();
  }
  if (!completed && !rt.signal.aborted) {
    throw new ModelError("stream closed before response.completed", { kind: "retryable" });
  }
  return outcome;
}
