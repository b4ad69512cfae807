/**
 * The session's turn settings: where they start (config), how a `user_turn` or
 * `override_turn_context` op changes them, and the event that reports a change.
 */
import type { EventMsg } from "@codex/protocol";
import { modelFeatureDefault } from "../config/model-catalog.ts";
import type { Config } from "../config/types.ts";
import type { TurnSettings } from "./turn-runtime.ts";

/**
 * The configuration a turn on `model` runs with: the tool forms the model was trained on (the
 * features it decides, and apply_patch's form with them) follow the turn's model, so `/model` or an
 * IDE's model picker mid-session changes the tools as a new session on that model would have them.
 * Everything else is the session's.
 */
export function configForModel(config: Config, model: string): Config {
  if (model === config.model) return config;
  const features = { ...config.features };
  for (const name of config.model_features) features[name] = modelFeatureDefault(name, model);
  return {
    ...config,
    model,
    features,
    use_freeform_apply_patch: config.model_provider.wire_api === "responses" && features.apply_patch_freeform,
  };
}

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
