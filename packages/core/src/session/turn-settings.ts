/**
 * The session's turn settings: where they start (config), how a `user_turn` or
 * `override_turn_context` op changes them, and the event that reports a change.
 */
import type { EventMsg } from "@codex/protocol";
import type { Config } from "../config/types.ts";
import type { TurnSettings } from "./turn-runtime.ts";

export function initialTurnSettings(config: Config): TurnSettings {
  return {
    cwd: config.cwd,
    approvalPolicy: config.approval_policy,
    sandboxPolicy: config.sandbox_policy,
    model: config.model,
    effort: config.model_reasoning_effort,
    summary: config.model_reasoning_summary,
  };
}

/** `settings` with an op's overrides applied (fields the op leaves out keep their value). */
export function withOverrides(
  settings: TurnSettings,
  overrides: Partial<TurnSettings> & Record<string, unknown>,
): TurnSettings {
  const next = { ...settings };
  if (typeof overrides.cwd === "string") next.cwd = overrides.cwd;
  if (overrides.approval_policy)
    next.approvalPolicy = overrides.approval_policy as TurnSettings["approvalPolicy"];
  if (overrides.sandbox_policy)
    next.sandboxPolicy = overrides.sandbox_policy as TurnSettings["sandboxPolicy"];
  if (typeof overrides.model === "string") next.model = overrides.model;
  if (overrides.effort !== undefined) next.effort = overrides.effort as TurnSettings["effort"];
  if (overrides.summary) next.summary = overrides.summary as TurnSettings["summary"];
  return next;
}

export function turnContextChanged(settings: TurnSettings): EventMsg {
  return {
    type: "turn_context_changed",
    cwd: settings.cwd,
    model: settings.model,
    reasoning_effort: settings.effort,
    approval_policy: settings.approvalPolicy,
    sandbox_policy: settings.sandboxPolicy,
  };
}
