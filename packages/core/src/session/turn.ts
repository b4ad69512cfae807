/**
 * The turn loop: sample a model response (its tool calls run while it streams) → sample again,
 * until a response makes no tool call. A response with both a message and tool calls continues.
 *
 * The rule that makes it safe to retry and to stop: **what happened is committed as it happens,
 * and nothing is done twice.** Every finished output item is committed — to the history the next
 * request sends and to the rollout — the moment it arrives, and every tool call's output the
 * moment the call returns (in the history right after its call, so requests do not depend on
 * timing). A broken stream is retried only after the calls it started have finished, and the retry
 * sends the history as it now is: the model continues after those calls (it sees each with its
 * output) instead of the loop running them again. So a tool call runs at most once, and an
 * interrupt, or a killed process, loses nothing that ran. Tool calls run beside the stream, which
 * keeps being read while they run.
 */
import type { ResponseItem } from "@codex/protocol";
import type { ModelRequest } from "../client/types.ts";
import { ModelError } from "../client/types.ts";
import { lookupModel, supportsReasoning } from "../config/model-catalog.ts";
import { withStreamRetries } from "./retry.ts";
import { type AttemptOutcome, type Sampling, streamResponse } from "./stream-response.ts";
import { commitItems, type TurnRuntime } from "./turn-runtime.ts";

export type TurnResult =
  | { type: "completed"; lastAgentMessage: string | null }
  | { type: "failed"; message: string }
  | { type: "aborted" };

/** Told to the model after an interrupt, so that it does not take the stop for a failure. */
export const TURN_ABORTED_NOTICE: ResponseItem = {
  type: "message",
  role: "user",
  content: [
    {
      type: "input_text",
      text: "<turn_aborted>\nThe user interrupted the previous turn on purpose. Commands that were still running were stopped; a tool call cut short may have partly executed.\n</turn_aborted>",
    },
  ],
};

export function buildRequest(rt: TurnRuntime): ModelRequest {
  const { config, settings } = rt;
  const reasoningModel = config.model_supports_reasoning_summaries ?? supportsReasoning(settings.model);
  const { family } = lookupModel(settings.model);
  return {
    model: settings.model,
    instructions: rt.instructions,
    input: [...rt.history],
    tools: [...rt.registry.specs],
    parallelToolCalls: false,
    reasoning: reasoningModel
      ? { effort: settings.effort ?? family.defaultReasoningEffort, summary: settings.summary }
      : null,
    verbosity: config.model_verbosity ?? family.defaultVerbosity,
    outputSchema: rt.outputSchema,
    conversationId: rt.conversationId,
    ...(rt.requestHeaders ? { headers: rt.requestHeaders } : {}),
  };
}

type Sampled = AttemptOutcome & { lastAgentMessage: string | null };

/**
 * One model call, its broken streams retried. Each attempt's request is built from the history as
 * it is then, so it includes what earlier attempts committed.
 */
async function sampleWithRetries(rt: TurnRuntime): Promise<Sampled> {
  const sampling: Sampling = { ids: { message: null, reasoning: null }, lastAgentMessage: null };
  const outcome = await withStreamRetries(() => streamResponse(rt, buildRequest(rt), sampling), {
    maxRetries: rt.config.model_provider.stream_max_retries,
    baseDelayMs: rt.retryBaseDelayMs,
    signal: rt.signal,
    onRetry: (message) => rt.emit({ type: "stream_error", message }),
  });
  return { ...outcome, lastAgentMessage: sampling.lastAgentMessage };
}

/**
 * Samples one response (compacting first when the history is near the context limit). A request
 * too long for the context window is compacted and, by returning null, sent again.
 */
async function sample(rt: TurnRuntime): Promise<Sampled | null> {
  await rt.compaction?.beforeRequest(buildRequest(rt), rt.history, rt.signal);
  try {
    return await sampleWithRetries(rt);
  } catch (error) {
    if (
      !rt.signal.aborted &&
      (await rt.compaction?.afterError(error, buildRequest(rt), rt.history, rt.signal))
    )
      return null;
    throw error;
  }
}

function aborted(rt: TurnRuntime): TurnResult {
  commitItems(rt, [TURN_ABORTED_NOTICE]);
  return { type: "aborted" };
}

/** Runs model calls and tool calls until the model answers without calling a tool. */
export async function runTurnLoop(rt: TurnRuntime): Promise<TurnResult> {
  let lastAgentMessage: string | null = null;
  try {
    for (;;) {
      const sampled = await sample(rt);
      if (rt.signal.aborted) return aborted(rt);
      if (sampled === null) continue;
      rt.compaction?.noteUsage(sampled.usage);
      lastAgentMessage = sampled.lastAgentMessage ?? lastAgentMessage;
      if (sampled.toolCalls === 0) return { type: "completed", lastAgentMessage };
    }
  } catch (error) {
    if (rt.signal.aborted) return aborted(rt);
    if (error instanceof ModelError && error.kind === "aborted") return aborted(rt);
    return { type: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}
