/**
 * A review turn: the reviewer runs as a sub-thread of its own — a fresh session with the review
 * guidelines, a read-only sandbox, no approvals, the `review_model`, its own rollout (source
 * `{"subagent":"review"}`, parent id) and the `x-openai-subagent: review` header — and only its
 * verdict comes back: `exited_review_mode` with the parsed output, and the rendered text as the
 * parent's agent message. The parent's conversation keeps the results, so a later turn can say
 * "fix those".
 */
import type { EventMsg, ResponseItem, ReviewOutput, ReviewRequest, TokenUsage } from "@codex/protocol";
import { addTokenUsage, emptyTokenUsage } from "@codex/protocol";
import type { ModelClient } from "../client/types.ts";
import type { Config } from "../config/types.ts";
import { REVIEW_GUIDELINES } from "../review/guidelines.ts";
import { parseReviewOutput, renderReviewOutput, reviewHistoryItems } from "../review/output.ts";
import { reviewPrompt, withHint } from "../review/targets.ts";
import type { ToolHandler } from "../tools/types.ts";
import { toolSpecName } from "../tools/types.ts";
import { recordTurnStart } from "./persistence.ts";
import type { CodexSession, CreateSessionOptions, SessionRecorder } from "./session-types.ts";
import type { TurnSettings } from "./turn-runtime.ts";

export type ReviewHost = {
  config: Config;
  settings: TurnSettings;
  parentId: string;
  /** The parent keeps a rollout, so the sub-thread keeps one too. */
  persisted: boolean;
  originator: string;
  env: Record<string, string | undefined>;
  useCodexApiKeyEnv: boolean;
  client: () => Promise<ModelClient>;
  builtinTools: readonly ToolHandler[];
  startSession: (config: Config, options: CreateSessionOptions) => CodexSession;
  emit: (msg: EventMsg) => void;
  nextItemId: () => string;
  signal: AbortSignal;
};

export type ReviewResult =
  | {
      type: "completed";
      /** The target's label, recorded as what the user asked for. */
      hint: string;
      rendered: string;
      output: ReviewOutput;
      items: ResponseItem[];
      usage: TokenUsage;
    }
  | { type: "failed"; message: string; usage: TokenUsage }
  | { type: "aborted"; usage: TokenUsage };

/** Tools a reviewer has no use for: it reads, it does not edit or plan. */
const WRITING_TOOLS = new Set(["apply_patch", "update_plan"]);

function reviewerConfig(host: ReviewHost): Config {
  const { config, settings } = host;
  return {
    ...config,
    cwd: settings.cwd,
    model: config.review_model ?? settings.model,
    approval_policy: "never",
    sandbox_policy: { mode: "read-only" },
    developer_instructions: REVIEW_GUIDELINES,
    include_plan_tool: false,
    web_search: null,
  };
}

/** Runs the review sub-thread to its end and turns its last message into the review; never throws. */
export async function runReview(host: ReviewHost, request: ReviewRequest): Promise<ReviewResult> {
  try {
    return await reviewInSubThread(host, request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: "failed", message, usage: emptyTokenUsage() };
  }
}

/** The parent's rollout: the review as a turn (its label as the user's words), results and reply. */
export function recordReview(
  recorder: SessionRecorder | null,
  settings: TurnSettings,
  result: Extract<ReviewResult, { type: "completed" }>,
): void {
  if (!recorder) return;
  recordTurnStart(recorder, { items: [{ type: "text", text: result.hint }], settings }, []);
  recorder.record(result.items);
  recorder.recordEvent?.({ type: "exited_review_mode", review_output: result.output });
  recorder.recordEvent?.({ type: "agent_message", message: result.rendered });
}

async function reviewInSubThread(host: ReviewHost, request: ReviewRequest): Promise<ReviewResult> {
  const hinted = withHint(request);
  host.emit({ type: "entered_review_mode", review_request: hinted });
  const config = reviewerConfig(host);
  const reviewer = host.startSession(config, {
    client: host.client,
    originator: host.originator,
    env: host.env,
    useCodexApiKeyEnv: host.useCodexApiKeyEnv,
    builtinTools: host.builtinTools.filter((tool) => !WRITING_TOOLS.has(toolSpecName(tool.spec))),
    tools: [],
    persist: host.persisted ? { source: { subagent: "review" }, parentThreadId: host.parentId } : undefined,
    requestHeaders: { "x-openai-subagent": "review", "x-codex-parent-thread-id": host.parentId },
    onWarning: (message) => host.emit({ type: "warning", message }),
  });
  const interrupt = () => void reviewer.submit({ type: "interrupt" });
  host.signal.addEventListener("abort", interrupt, { once: true });
  let usage = emptyTokenUsage();
  let outcome: { type: "completed"; text: string | null } | { type: "failed"; message: string } | null = null;
  try {
    await reviewer.submit({
      type: "user_turn",
      items: [{ type: "text", text: reviewPrompt(request.target, config.cwd) }],
    });
    for await (const { msg } of reviewer.events) {
      if (msg.type === "stream_error" || msg.type === "warning") host.emit(msg);
      else if (msg.type === "turn_completed" || msg.type === "turn_failed") {
        usage = addTokenUsage(usage, msg.usage);
        outcome =
          msg.type === "turn_completed"
            ? { type: "completed", text: msg.last_agent_message }
            : { type: "failed", message: msg.error.message };
      }
      if (msg.type === "turn_completed" || msg.type === "turn_failed" || msg.type === "turn_aborted")
        void reviewer.close();
    }
  } finally {
    host.signal.removeEventListener("abort", interrupt);
    await reviewer.close();
  }
  if (outcome?.type !== "completed" || host.signal.aborted) {
    host.emit({ type: "exited_review_mode", review_output: null });
    return outcome?.type === "failed" && !host.signal.aborted
      ? { type: "failed", message: outcome.message, usage }
      : { type: "aborted", usage };
  }
  const output = parseReviewOutput(outcome.text ?? "");
  const rendered = renderReviewOutput(output);
  host.emit({ type: "exited_review_mode", review_output: output });
  host.emit({
    type: "item_completed",
    item: { id: host.nextItemId(), type: "agent_message", text: rendered },
  });
  const items = reviewHistoryItems(rendered);
  return { type: "completed", hint: hinted.user_facing_hint, rendered, output, items, usage };
}
