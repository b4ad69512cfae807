/** turn/start and turn/interrupt. */
import { resolve } from "node:path";
import {
  APPROVAL_POLICIES,
  type AskForApproval,
  REASONING_EFFORTS,
  REASONING_SUMMARIES,
  type SandboxPolicy,
  type UserInput,
} from "@codex/protocol";
import type { ServerContext } from "../context.ts";
import { invalidRequest } from "../errors.ts";
import { optionalOneOf, optionalString, type Params, requiredString, threadIdParam } from "../params.ts";

/** v2 input items as core's; mentions and skills have no core equivalent and are refused. */
function userInputs(value: unknown): UserInput[] {
  if (!Array.isArray(value)) throw invalidRequest("Invalid request: missing field `input`");
  return value.map((entry): UserInput => {
    const item = (entry ?? {}) as Record<string, unknown>;
    if (item.type === "text" && typeof item.text === "string") return { type: "text", text: item.text };
    if (item.type === "image" && typeof item.url === "string") return { type: "image", image_url: item.url };
    if (item.type === "localImage" && typeof item.path === "string")
      return { type: "local_image", path: item.path };
    throw invalidRequest(`Invalid request: unsupported input item ${JSON.stringify(item.type ?? null)}`);
  });
}

/** v2's sandboxPolicy object as core's policy. */
function sandboxPolicy(value: unknown): SandboxPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  const policy = value as Record<string, unknown>;
  switch (policy.type) {
    case "dangerFullAccess":
      return { mode: "danger-full-access" };
    case "readOnly":
      return { mode: "read-only" };
    case "workspaceWrite":
      return {
        mode: "workspace-write",
        writable_roots: Array.isArray(policy.writableRoots) ? (policy.writableRoots as string[]) : [],
        network_access: policy.networkAccess === true,
        exclude_tmpdir_env_var: policy.excludeTmpdirEnvVar === true,
        exclude_slash_tmp: policy.excludeSlashTmp === true,
      };
    default:
      throw invalidRequest(
        `Invalid request: unsupported sandboxPolicy type ${JSON.stringify(policy.type ?? null)}`,
      );
  }
}

function approvalPolicy(params: Params): AskForApproval | undefined {
  const value = params.approvalPolicy;
  if (typeof value === "object" && value !== null && "granular" in value) return "on-request";
  return optionalOneOf(params, "approvalPolicy", APPROVAL_POLICIES);
}

export function turnStart(params: Params, ctx: ServerContext): { result: unknown; after: () => void } {
  const thread = ctx.threads.get(threadIdParam(params));
  const items = userInputs(params.input);
  const cwd = optionalString(params, "cwd");
  const effort = optionalOneOf(params, "effort", REASONING_EFFORTS);
  const summary = optionalOneOf(params, "summary", REASONING_SUMMARIES);
  const policy = sandboxPolicy(params.sandboxPolicy);
  const approval = approvalPolicy(params);
  const model = optionalString(params, "model");
  const { turn, submit } = thread.startTurn(items, {
    ...(cwd !== undefined ? { cwd: resolve(cwd) } : {}),
    ...(approval !== undefined ? { approval_policy: approval } : {}),
    ...(policy !== undefined ? { sandbox_policy: policy } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(effort !== undefined ? { effort } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...(params.outputSchema !== undefined && params.outputSchema !== null
      ? { final_output_json_schema: params.outputSchema }
      : {}),
  });
  // The answer goes out before the turn's notifications, as in 0.169.
  return { result: { turn }, after: submit };
}

export function turnInterrupt(params: Params, ctx: ServerContext): unknown {
  const thread = ctx.threads.get(threadIdParam(params));
  const turnId = requiredString(params, "turnId");
  if (!thread.interrupt(turnId)) throw invalidRequest(`no running turn ${turnId} in thread ${thread.id}`);
  return {};
}
