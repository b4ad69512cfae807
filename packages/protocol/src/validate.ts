/** Validation at the boundary: ops that arrive as JSON (from a pipe, a socket, a test) are checked here. */
import type { Op, UserInput } from "./ops.ts";
import { APPROVAL_POLICIES, REASONING_EFFORTS, REASONING_SUMMARIES, type ReviewDecision } from "./policy.ts";
import type { ReviewRequest, ReviewTarget } from "./review.ts";

export class ProtocolError extends Error {
  override name = "ProtocolError";
}

import { NETWORK_DECISIONS } from "./ops.ts";

const DECISIONS: readonly ReviewDecision[] = ["approved", "approved_for_session", "denied", "abort"];

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtocolError(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function str(obj: Record<string, unknown>, key: string, what: string): string {
  const v = obj[key];
  if (typeof v !== "string") throw new ProtocolError(`${what}.${key} must be a string`);
  return v;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ProtocolError(`${what} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);
}

function parseUserInput(value: unknown, index: number): UserInput {
  const what = `items[${index}]`;
  const obj = record(value, what);
  switch (obj.type) {
    case "text":
      return { type: "text", text: str(obj, "text", what) };
    case "local_image":
      return { type: "local_image", path: str(obj, "path", what) };
    case "image":
      return { type: "image", image_url: str(obj, "image_url", what) };
    default:
      throw new ProtocolError(`${what}.type must be text, local_image or image`);
  }
}

function turnOverrides(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (obj.cwd !== undefined) out.cwd = str(obj, "cwd", "op");
  if (obj.model !== undefined) out.model = str(obj, "model", "op");
  if (obj.approval_policy !== undefined)
    out.approval_policy = oneOf(obj.approval_policy, APPROVAL_POLICIES, "op.approval_policy");
  if (obj.effort !== undefined)
    out.effort = obj.effort === null ? null : oneOf(obj.effort, REASONING_EFFORTS, "op.effort");
  if (obj.summary !== undefined) out.summary = oneOf(obj.summary, REASONING_SUMMARIES, "op.summary");
  if (obj.sandbox_policy !== undefined) {
    const policy = record(obj.sandbox_policy, "op.sandbox_policy");
    const mode = oneOf(
      policy.mode,
      ["read-only", "workspace-write", "danger-full-access"] as const,
      "op.sandbox_policy.mode",
    );
    out.sandbox_policy =
      mode === "workspace-write"
        ? {
            mode,
            writable_roots: Array.isArray(policy.writable_roots) ? policy.writable_roots.map(String) : [],
            network_access: policy.network_access === true,
            exclude_tmpdir_env_var: policy.exclude_tmpdir_env_var === true,
            exclude_slash_tmp: policy.exclude_slash_tmp === true,
          }
        : { mode };
  }
  return out;
}

function parseReviewTarget(value: unknown): ReviewTarget {
  const obj = record(value, "op.review_request.target");
  const what = "op.review_request.target";
  switch (obj.type) {
    case "uncommittedChanges":
      return { type: "uncommittedChanges" };
    case "baseBranch":
      return { type: "baseBranch", branch: str(obj, "branch", what) };
    case "commit":
      return {
        type: "commit",
        sha: str(obj, "sha", what),
        ...(typeof obj.title === "string" ? { title: obj.title } : {}),
      };
    case "custom":
      return { type: "custom", instructions: str(obj, "instructions", what) };
    default:
      throw new ProtocolError(`${what}.type must be uncommittedChanges, baseBranch, commit or custom`);
  }
}

function parseReviewRequest(value: unknown): ReviewRequest {
  const obj = record(value, "op.review_request");
  const target = parseReviewTarget(obj.target);
  return typeof obj.user_facing_hint === "string"
    ? { target, user_facing_hint: obj.user_facing_hint }
    : { target };
}

/** Parses and validates an op received as JSON; throws ProtocolError naming the bad field. */
export function parseOp(value: unknown): Op {
  const obj = record(value, "op");
  switch (obj.type) {
    case "user_turn": {
      if (!Array.isArray(obj.items)) throw new ProtocolError("op.items must be an array");
      const op = { type: "user_turn", items: obj.items.map(parseUserInput), ...turnOverrides(obj) } as Op;
      if (obj.final_output_json_schema !== undefined)
        (op as { final_output_json_schema?: unknown }).final_output_json_schema =
          obj.final_output_json_schema;
      return op;
    }
    case "override_turn_context":
      return { type: "override_turn_context", ...turnOverrides(obj) } as Op;
    case "exec_approval":
    case "patch_approval":
      return {
        type: obj.type,
        call_id: str(obj, "call_id", "op"),
        decision: oneOf(obj.decision, DECISIONS, "op.decision"),
      };
    case "network_approval":
      return {
        type: "network_approval",
        host: str(obj, "host", "op"),
        decision: oneOf(obj.decision, NETWORK_DECISIONS, "op.decision"),
      };
    case "add_to_history":
      return { type: "add_to_history", text: str(obj, "text", "op") };
    case "review":
      return { type: "review", review_request: parseReviewRequest(obj.review_request) };
    case "thread_rollback": {
      const n = obj.num_turns;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1)
        throw new ProtocolError("op.num_turns must be a whole number of turns, at least 1");
      return obj.restore_files === true
        ? { type: "thread_rollback", num_turns: n, restore_files: true }
        : { type: "thread_rollback", num_turns: n };
    }
    case "interrupt":
    case "compact":
    case "list_mcp_tools":
    case "list_background_terminals":
    case "clean_background_terminals":
    case "list_skills":
    case "shutdown":
      return { type: obj.type };
    default:
      throw new ProtocolError(`unknown op type ${JSON.stringify(obj.type)}`);
  }
}
