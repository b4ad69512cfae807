/**
 * One model response, handled as it streams: deltas go out for live rendering, finished items
 * become thread items, tool calls run (in order, through the orchestrator) as soon as they arrive,
 * and usage is added to the session's total. Returns what the response produced; the caller
 * records it only when the whole response succeeded.
 */
import { addTokenUsage, type ResponseItem, type TokenUsage } from "@codex/protocol";
import { ModelError, type ModelRequest } from "../client/types.ts";
import { dispatchToolCall, toolCallFromItem } from "../tools/orchestrator.ts";
import type { ToolContext } from "../tools/types.ts";
import type { TurnRuntime } from "./turn-runtime.ts";

export type ResponseOutcome = {
  /** Output items followed, for each tool call, by its output item. */
  items: ResponseItem[];
  toolCalls: number;
  lastAgentMessage: string | null;
  usage: TokenUsage | null;
};

function toolContext(rt: TurnRuntime, callId: string, injected: ResponseItem[]): ToolContext {
  return {
    callId,
    cwd: rt.settings.cwd,
    approvalPolicy: rt.settings.approvalPolicy,
    sandboxPolicy: rt.settings.sandboxPolicy,
    shellEnvironmentPolicy: rt.config.shell_environment_policy,
    config: rt.config,
    offeredTools: rt.registry.names,
    signal: rt.signal,
    emit: (msg) => rt.emit(msg),
    nextItemId: () => rt.nextItemId(),
    requestApproval: (request) => rt.requestApproval(callId, request),
    injectInput: (items) => injected.push(...items),
  };
}

function messageText(item: ResponseItem & { type: "message" }): string {
  return item.content.map((part) => (part.type === "output_text" ? part.text : "")).join("");
}

/**
 * Ids handed to streaming (not yet completed) items. They outlive one attempt: when a stream breaks
 * and is retried, the retry's items reuse them, so ids stay consecutive as the reference's.
 */
export type StreamingIds = { message: string | null; reasoning: string | null };

export async function streamResponse(
  rt: TurnRuntime,
  request: ModelRequest,
  ids: StreamingIds = { message: null, reasoning: null },
): Promise<ResponseOutcome> {
  const outcome: ResponseOutcome = { items: [], toolCalls: 0, lastAgentMessage: null, usage: null };
  const showReasoning = !rt.config.hide_agent_reasoning;
  let completed = false;
  let started = false;
  for await (const event of rt.client.stream(request, { signal: rt.signal })) {
    if (!started) {
      started = true;
      rt.responseStarted?.();
    }
    switch (event.type) {
      case "output_text_delta":
        ids.message ??= rt.nextItemId();
        rt.emit({ type: "agent_message_delta", item_id: ids.message, delta: event.delta });
        break;
      case "reasoning_summary_delta":
        if (!showReasoning) break;
        ids.reasoning ??= rt.nextItemId();
        rt.emit({ type: "reasoning_delta", item_id: ids.reasoning, delta: event.delta });
        break;
      case "output_item_done": {
        const item = event.item;
        outcome.items.push(item);
        if (item.type === "message" && item.role === "assistant") {
          const text = messageText(item);
          const id = ids.message ?? rt.nextItemId();
          ids.message = null;
          rt.emit({ type: "item_completed", item: { id, type: "agent_message", text } });
          outcome.lastAgentMessage = text;
        } else if (item.type === "reasoning") {
          if (!showReasoning) break;
          for (const part of item.summary) {
            if (part.text.trim() === "") continue;
            const id = ids.reasoning ?? rt.nextItemId();
            ids.reasoning = null;
            rt.emit({ type: "item_completed", item: { id, type: "reasoning", text: part.text } });
          }
        } else if (item.type === "web_search_call") {
          const query =
            item.action?.type === "search" ? (item.action.query ?? item.action.queries?.join(" ") ?? "") : "";
          rt.emit({ type: "item_completed", item: { id: rt.nextItemId(), type: "web_search", query } });
        } else {
          const call = toolCallFromItem(item);
          if (call === null) break;
          outcome.toolCalls++;
          const injected: ResponseItem[] = [];
          outcome.items.push(
            await dispatchToolCall(call, {
              registry: rt.registry,
              context: toolContext(rt, call.callId, injected),
              approvedForSession: rt.approvedForSession,
            }),
            ...injected,
          );
        }
        break;
      }
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
  if (!completed && !rt.signal.aborted) {
    throw new ModelError("stream closed before response.completed", { kind: "retryable" });
  }
  return outcome;
}
