/**
 * The turn-level hooks, as 0.169 runs them: SessionStart (once, before the first prompt),
 * UserPromptSubmit (may stop the prompt from reaching the model), and Stop (when the model is
 * done; a blocking Stop hook sends its reason back as the next prompt, and the turn goes on).
 * Hook context (`additionalContext`) reaches the model as developer messages.
 */
import type { EventMsg, ResponseItem, UserInput } from "@codex/protocol";
import type { HookCommonInput, SessionHooks } from "../hooks/engine.ts";
import { type ToolHooks, toolHooks } from "../tools/tool-hooks.ts";
import { commitItems, type TurnRuntime } from "./turn-runtime.ts";

function hookContextMessages(texts: readonly string[]): ResponseItem[] {
  return texts.map((text) => ({
    type: "message",
    role: "developer",
    content: [{ type: "input_text", text }],
  }));
}

/** The fields every hook's input carries, for one turn (`permission_mode` as 0.169 names it). */
export function hookCommonInput(
  sessionId: string,
  turnId: string,
  transcriptPath: string | null,
  settings: { cwd: string; model: string; approvalPolicy: string },
): HookCommonInput {
  return {
    session_id: sessionId,
    turn_id: turnId,
    transcript_path: transcriptPath,
    cwd: settings.cwd,
    model: settings.model,
    permission_mode: settings.approvalPolicy === "never" ? "bypassPermissions" : "default",
  };
}

/** PreToolUse / PostToolUse around the turn's tool calls; their context goes to the history and the rollout. */
export function turnToolHooks(
  hooks: SessionHooks,
  common: HookCommonInput,
  turn: {
    emit: (msg: EventMsg) => void;
    signal: AbortSignal;
    history: ResponseItem[];
    recorder: { record(items: readonly ResponseItem[]): void } | null;
  },
): ToolHooks {
  return toolHooks(hooks, common, {
    emit: turn.emit,
    signal: turn.signal,
    // Hook context for the model: in the history and the rollout.
    addContext: (texts) => {
      const items = hookContextMessages(texts);
      turn.history.push(...items);
      if (items.length > 0) turn.recorder?.record(items);
    },
  });
}

export type PromptHooksResult = { blocked: boolean; context: ResponseItem[] };

/** SessionStart (when `sessionStart` is given), then UserPromptSubmit for `items`. */
export async function runPromptHooks(
  hooks: SessionHooks,
  common: HookCommonInput,
  args: {
    items: readonly UserInput[];
    sessionStart: "startup" | "resume" | null;
    emit: (msg: EventMsg) => void;
    signal: AbortSignal;
  },
): Promise<PromptHooksResult> {
  const { emit, signal } = args;
  const contexts: string[] = [];
  if (args.sessionStart !== null) {
    const { turn_id: _turn, ...sessionCommon } = common;
    const started = await hooks.run(
      "SessionStart",
      sessionCommon,
      { source: args.sessionStart },
      { matchInputs: [args.sessionStart], emit, signal },
    );
    contexts.push(...started.contexts);
  }
  const prompt = args.items.flatMap((item) => (item.type === "text" ? [item.text] : [])).join("\n");
  const submitted = await hooks.run("UserPromptSubmit", common, { prompt }, { emit, signal });
  if (submitted.blocked) return { blocked: true, context: [] };
  contexts.push(...submitted.contexts);
  return { blocked: false, context: hookContextMessages(contexts) };
}

/**
 * Runs the turn loop, then the Stop hooks; while one blocks, its reason is sent to the model as a
 * `<hook_prompt>` message (0.169's form) and the loop runs again with `stop_hook_active: true`.
 */
export async function runWithStopHooks<R extends { type: string; lastAgentMessage?: string | null }>(
  rt: TurnRuntime,
  hooks: SessionHooks,
  common: HookCommonInput,
  runLoop: () => Promise<R>,
): Promise<R> {
  let result = await runLoop();
  let active = false;
  while (result.type === "completed" && !rt.signal.aborted) {
    const stop = await hooks.run(
      "Stop",
      common,
      { stop_hook_active: active, last_assistant_message: result.lastAgentMessage ?? null },
      { emit: (msg) => rt.emit(msg), signal: rt.signal },
    );
    if (!stop.blocked) break;
    const { handler, reason } = stop.blocked;
    const runId = `stop:${handler.order}:${handler.source}`;
    commitItems(rt, [
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: `<hook_prompt hook_run_id="${runId}">${reason}</hook_prompt>` },
        ],
      },
    ]);
    active = true;
    result = await runLoop();
  }
  return result;
}
