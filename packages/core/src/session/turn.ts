/**
 * The turn loop, as a short pipeline of named steps:
 *   build the request → stream the response (tools run as their calls arrive) → record → repeat
 * until a response has no tool calls. A response with both a message and tool calls continues.
 */
import type { ModelRequest } from "../client/types.ts";
import { ModelError } from "../client/types.ts";
import { supportsReasoning } from "../config/model-info.ts";
import { TurnAbortedError } from "../tools/orchestrator.ts";
import { withStreamRetries } from "./retry.ts";
import { type ResponseOutcome, type StreamingIds, streamResponse } from "./stream-response.ts";
import type { TurnRuntime } from "./turn-runtime.ts";

export type TurnResult =
  | { type: "completed"; lastAgentMessage: string | null }
  | { type: "failed"; message: string }
  | { type: "aborted" };

export function buildRequest(rt: TurnRuntime): ModelRequest {
  const { config, settings } = rt;
  const reasoningModel = config.model_supports_reasoning_summaries ?? supportsReasoning(settings.model);
  return {
    model: settings.model,
    instructions: rt.instructions,
    input: [...rt.history],
    tools: [...rt.registry.specs],
    parallelToolCalls: false,
    reasoning: reasoningModel ? { effort: settings.effort, summary: settings.summary } : null,
    verbosity: config.model_verbosity,
    outputSchema: rt.outputSchema,
    conversationId: rt.conversationId,
  };
}

function streamWithRetries(rt: TurnRuntime, request: ModelRequest): Promise<ResponseOutcome> {
  const ids: StreamingIds = { message: null, reasoning: null };
  return withStreamRetries(() => streamResponse(rt, request, ids), {
    maxRetries: rt.config.model_provider.stream_max_retries,
    baseDelayMs: rt.retryBaseDelayMs,
    signal: rt.signal,
    onRetry: (message) => rt.emit({ type: "stream_error", message }),
  });
}

function record(rt: TurnRuntime, outcome: ResponseOutcome): void {
  rt.history.push(...outcome.items);
  rt.record(outcome.items);
}

/**
 * Streams one response (compacting first when the history is near the context limit). A request
 * too long for the context window is compacted and, by returning null, sent again.
 */
async function stream(rt: TurnRuntime): Promise<ResponseOutcome | null> {
  await rt.compaction?.beforeRequest(buildRequest(rt), rt.history, rt.signal);
  try {
    return await streamWithRetries(rt, buildRequest(rt));
  } catch (error) {
    if (
      !rt.signal.aborted &&
      (await rt.compaction?.afterError(error, buildRequest(rt), rt.history, rt.signal))
    )
      return null;
    throw error;
  }
}

/** Runs model calls and tool calls until the model answers without calling a tool. */
export async function runTurnLoop(rt: TurnRuntime): Promise<TurnResult> {
  let lastAgentMessage: string | null = null;
  try {
    for (;;) {
      const outcome = await stream(rt);
      if (rt.signal.aborted) return { type: "aborted" };
      if (outcome === null) continue;
      rt.compaction?.noteUsage(outcome.usage);
      record(rt, outcome);
      lastAgentMessage = outcome.lastAgentMessage ?? lastAgentMessage;
      if (outcome.toolCalls === 0) return { type: "completed", lastAgentMessage };
    }
  } catch (error) {
    if (rt.signal.aborted || error instanceof TurnAbortedError) return { type: "aborted" };
    if (error instanceof ModelError && error.kind === "aborted") return { type: "aborted" };
    return { type: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}
