/**
 * The config a thread runs with: the command line's flags, then what thread/start (or resume, fork)
 * asks for: cwd, model, provider, approval policy, sandbox mode and `config` overrides.
 */
import { resolve } from "node:path";
import type { Config, ConfigOverride } from "@codex/core";
import { APPROVAL_POLICIES, type AskForApproval, SANDBOX_MODES } from "@codex/protocol";
import type { ServerContext } from "./context.ts";
import { invalidRequest } from "./errors.ts";
import { optionalOneOf, optionalString, type Params } from "./params.ts";

/** v2's approval policy: a name, or `{granular: …}`, which we honour as on-request (asks when needed). */
function approvalParam(params: Params): AskForApproval | undefined {
  const value = params.approvalPolicy;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && "granular" in value) return "on-request";
  return optionalOneOf(params, "approvalPolicy", APPROVAL_POLICIES);
}

function configOverrides(params: Params): ConfigOverride[] {
  const value = params.config;
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value))
    throw invalidRequest("Invalid request: invalid type for `config`: expected a map");
  return Object.entries(value as Record<string, unknown>);
}

export async function threadConfig(ctx: ServerContext, params: Params): Promise<Config> {
  const core = await import("@codex/core");
  const cwdParam = optionalString(params, "cwd");
  const sandbox = optionalOneOf(params, "sandbox", SANDBOX_MODES);
  const base = ctx.loadOptions;
  const cwd = cwdParam !== undefined ? resolve(cwdParam) : base.cwd;
  // As 0.169: asking for a writable sandbox in a directory trusts that project.
  if (cwd !== undefined && (sandbox === "workspace-write" || sandbox === "danger-full-access"))
    core.trustProject({ codexHome: ctx.codexHome, cwd });
  try {
    return core.loadConfig({
      ...base,
      cwd,
      overrides: [...(base.overrides ?? []), ...configOverrides(params)],
      flags: {
        ...base.flags,
        ...(optionalString(params, "model") !== undefined ? { model: optionalString(params, "model") } : {}),
        ...(optionalString(params, "modelProvider") !== undefined
          ? { model_provider: optionalString(params, "modelProvider") }
          : {}),
        ...(approvalParam(params) !== undefined ? { approval_policy: approvalParam(params) } : {}),
        ...(sandbox !== undefined ? { sandbox_mode: sandbox } : {}),
      },
      onWarning: (message) => ctx.peer.notify("configWarning", { summary: message, details: null }),
    }).config;
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : String(error));
  }
}
