/**
 * Turns the parsed global flags (-c, --enable/--disable, -p, -m, -s, -a, --full-auto, --yolo, -C,
 * --oss, --search, --add-dir, --strict-config) into config load options.
 */

import type { ConfigOverride, LoadConfigOptions } from "@codex/core";
import { featureOverride, parseConfigOverride } from "@codex/core";
import type { AskForApproval, SandboxMode } from "@codex/protocol";
import type { SessionChoices } from "@codex/tui";
import { flag, optionValue, optionValues } from "./args/parse.ts";
import type { ParsedCommand } from "./args/spec.ts";

export type FrontEnd = "tui" | "exec" | "app-server";

export function configOptionsFromFlags(parsed: ParsedCommand, frontEnd: FrontEnd): LoadConfigOptions {
  const overrides: ConfigOverride[] = optionValues(parsed, "config").map(parseConfigOverride);
  for (const name of optionValues(parsed, "enable")) overrides.push(featureOverride(name, true));
  for (const name of optionValues(parsed, "disable")) overrides.push(featureOverride(name, false));

  let sandbox = optionValue(parsed, "sandbox") as SandboxMode | undefined;
  let approval = optionValue(parsed, "ask-for-approval") as AskForApproval | undefined;
  if (flag(parsed, "full-auto")) {
    sandbox = "workspace-write";
    approval = frontEnd === "tui" ? "on-failure" : approval;
  }
  if (flag(parsed, "dangerously-bypass-approvals-and-sandbox")) {
    sandbox = "danger-full-access";
    approval = "never";
  }
  // `codex exec` never asks: there is nobody to answer.
  if (frontEnd === "exec") approval = "never";

  return {
    cwd: optionValue(parsed, "cd"),
    profile: optionValue(parsed, "profile"),
    strict: flag(parsed, "strict-config"),
    overrides,
    flags: {
      model: optionValue(parsed, "model"),
      oss: flag(parsed, "oss"),
      sandbox_mode: sandbox,
      approval_policy: approval,
      web_search: flag(parsed, "search") || undefined,
      include_plan_tool: flag(parsed, "include-plan-tool") || undefined,
      add_dirs: optionValues(parsed, "add-dir"),
    },
  };
}

/** What the user chose in the TUI (/model, /approvals) on top of the flags, for the session `/new` starts. */
export function withSessionChoices(
  options: LoadConfigOptions,
  choices: SessionChoices | null,
): LoadConfigOptions {
  if (!choices) return options;
  const overrides: ConfigOverride[] = [...(options.overrides ?? [])];
  if (choices.effort) overrides.push(["model_reasoning_effort", choices.effort]);
  return {
    ...options,
    overrides,
    flags: {
      ...options.flags,
      model: choices.model,
      approval_policy: choices.approval_policy,
      sandbox_mode: choices.sandbox_mode,
    },
  };
}
