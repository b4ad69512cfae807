/** Turns the parsed global flags (-c, --enable, -p, -m, -s, -a, --full-auto, --yolo, -C, --oss, --search) into config load options. */

import type { ConfigOverride, LoadConfigOptions } from "@codex/core";
import { parseConfigOverride } from "@codex/core";
import type { AskForApproval, SandboxMode } from "@codex/protocol";
import { flag, optionValue, optionValues } from "./args/parse.ts";
import type { ParsedCommand } from "./args/spec.ts";

export type FrontEnd = "tui" | "exec";

export function configOptionsFromFlags(parsed: ParsedCommand, frontEnd: FrontEnd): LoadConfigOptions {
  const overrides: ConfigOverride[] = optionValues(parsed, "config").map(parseConfigOverride);
  for (const name of optionValues(parsed, "enable")) overrides.push([`features.${name}`, true]);
  for (const name of optionValues(parsed, "disable")) overrides.push([`features.${name}`, false]);

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
    overrides,
    flags: {
      model: optionValue(parsed, "model"),
      oss: flag(parsed, "oss"),
      sandbox_mode: sandbox,
      approval_policy: approval,
      web_search: flag(parsed, "search") || undefined,
      include_plan_tool: flag(parsed, "include-plan-tool") || undefined,
    },
  };
}
