/**
 * A session's hooks: runs the handlers of one event that match (in parallel, as 0.169), tells the
 * front end each one started and how it ended (`hook_started` / `hook_completed`), and sums up
 * what they decided: blocked (first reason), context for the model, a rewritten tool input.
 */
import type { EventMsg } from "@codex/protocol";
import { type DiscoveredHooks, type HookEventName, type HookHandler, matcherMatches } from "./config.ts";
import { type HookOutcome, hookOutcome } from "./outcome.ts";
import { runHookCommand } from "./runner.ts";

/** Fields every event's input carries (0.169's names). */
export type HookCommonInput = {
  session_id: string;
  turn_id?: string;
  transcript_path: string | null;
  cwd: string;
  model: string;
  permission_mode: string;
};

export type HookEventResult = {
  /** The first blocking hook's reason, and the hook (for 0.169's `hook_run_id`). */
  blocked: { reason: string; handler: HookHandler } | null;
  /** `additionalContext` texts for the model, in declaration order. */
  contexts: string[];
  /** The last rewrite of the tool input (PreToolUse). */
  updatedInput: unknown;
};

const NOTHING: HookEventResult = { blocked: null, contexts: [], updatedInput: undefined };

export class SessionHooks {
  constructor(
    private readonly discovered: DiscoveredHooks,
    private readonly env: Record<string, string | undefined>,
  ) {}

  get warnings(): readonly string[] {
    return this.discovered.warnings;
  }

  handlersFor(event: HookEventName, matchInputs: readonly string[]): HookHandler[] {
    return this.discovered.handlers.filter(
      (h) =>
        h.event === event &&
        (h.matcher === null || matchInputs.some((input) => matcherMatches(h.matcher, input))),
    );
  }

  /**
   * Runs `event`'s matching hooks with `input` (merged over the common fields) on stdin.
   * `matchInputs`: what matchers are tried against (the tool name and its aliases, the source).
   */
  async run(
    event: HookEventName,
    common: HookCommonInput,
    fields: Record<string, unknown>,
    options: { matchInputs?: readonly string[]; emit: (msg: EventMsg) => void; signal?: AbortSignal },
  ): Promise<HookEventResult> {
    const handlers = this.handlersFor(event, options.matchInputs ?? []);
    if (handlers.length === 0) return NOTHING;
    const input = JSON.stringify({ ...common, hook_event_name: event, ...fields });
    for (const handler of handlers)
      options.emit({ type: "hook_started", event_name: event, status_message: handler.statusMessage });
    const outcomes = await Promise.all(
      handlers.map(async (handler): Promise<[HookHandler, HookOutcome]> => {
        const run = await runHookCommand({
          command: handler.command,
          input,
          cwd: common.cwd,
          timeoutSec: handler.timeoutSec,
          env: this.env,
          signal: options.signal,
        });
        const outcome = hookOutcome(event, run);
        options.emit({
          type: "hook_completed",
          event_name: event,
          status: outcome.status,
          message: outcome.status === "completed" ? outcome.systemMessage : outcome.reason,
        });
        return [handler, outcome];
      }),
    );
    const blocking = outcomes.find(([, o]) => o.status === "blocked");
    const rewrites = outcomes.filter(([, o]) => o.updatedInput !== undefined);
    return {
      blocked: blocking ? { reason: blocking[1].reason as string, handler: blocking[0] } : null,
      contexts: outcomes.flatMap(([, o]) => (o.context !== null ? [o.context] : [])),
      updatedInput: blocking ? undefined : rewrites.at(-1)?.[1].updatedInput,
    };
  }
}
