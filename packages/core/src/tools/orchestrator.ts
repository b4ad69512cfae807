/**
 * The one path every tool call takes: look up the handler → approval (the handler's verdict, then
 * the human's answer under the approval policy) → sandbox choice → run → on a sandbox denial, a
 * retry without the sandbox if the policy lets a human decide and they approve → the output item
 * sent back to the model. Unknown tools get "unsupported call: NAME", as the reference answers.
 *
 * The sandbox choice is made here and nowhere else: a call runs sandboxed unless the policy is
 * danger-full-access or a human approved running it outside the sandbox. "Known safe" and
 * "approved" only mean "no (further) question", never "no sandbox".
 */
import type { AskForApproval, ResponseItem, ReviewDecision } from "@codex/protocol";
import { rulesRequirement, type SessionRules } from "./call-gates.ts";
import type { ToolRegistry } from "./registry.ts";
import type { ToolHooks } from "./tool-hooks.ts";
import {
  type ApprovalRequirement,
  type SandboxChoice,
  type ToolCall,
  type ToolContext,
  type ToolHandler,
  ToolInputError,
  type ToolResult,
} from "./types.ts";

/** Thrown when the human answers an approval with `abort`: the turn stops. */
class TurnAbortedError extends Error {
  override name = "TurnAbortedError";
}

/** Session-wide memory of "approved for this session" answers, by the handler's key. */
export type ApprovalMemory = Set<string>;

export type DispatchOptions = {
  registry: ToolRegistry;
  /** The call's context (built by the session for this call). */
  context: ToolContext;
  approvedForSession: ApprovalMemory;
  /** The user's rules (`*.rules`); absent when none apply (tests, `--ignore-rules` still loads none). */
  rules?: SessionRules | null;
  /** The user's PreToolUse / PostToolUse hooks; absent when there are none to run. */
  hooks?: ToolHooks | null;
};

/** Turns a model output item into a tool call, or null when it is not one. */
export function toolCallFromItem(item: ResponseItem): ToolCall | null {
  switch (item.type) {
    case "function_call":
      return {
        name: item.name,
        callId: item.call_id,
        payload: { kind: "function", arguments: item.arguments },
      };
    case "custom_tool_call":
      return { name: item.name, callId: item.call_id, payload: { kind: "custom", input: item.input } };
    case "local_shell_call":
      return {
        name: "local_shell",
        callId: item.call_id,
        payload: { kind: "local_shell", action: item.action },
      };
    default:
      return null;
  }
}

/** The item that answers `call` with `result` (`custom_tool_call_output` for custom calls). */
export function toolOutputItem(call: ToolCall, result: ToolResult): ResponseItem {
  return call.payload.kind === "custom"
    ? { type: "custom_tool_call_output", call_id: call.callId, output: result.output }
    : { type: "function_call_output", call_id: call.callId, output: result.output };
}

const isApproval = (decision: ReviewDecision | null) =>
  decision === "approved" ||
  decision === "approved_for_session" ||
  decision === "approved_execpolicy_amendment";

function sandboxFor(
  context: ToolContext,
  requirement: ApprovalRequirement,
  decision: ReviewDecision | null,
): SandboxChoice {
  if (context.sandboxPolicy.mode === "danger-full-access") return { type: "none" };
  if (requirement.type === "skip" && requirement.bypassSandbox === true) return { type: "none" };
  if (requirement.type === "ask" && requirement.outsideSandbox === true && isApproval(decision))
    return { type: "none" };
  return { type: "sandboxed", policy: context.sandboxPolicy };
}

/** Policies under which a human is asked whether to rerun a sandbox-denied call without it. */
const RETRY_WITHOUT_SANDBOX: ReadonlySet<AskForApproval> = new Set(["on-failure", "untrusted"]);

function rejection(requirement: ApprovalRequirement & { type: "ask" }): string {
  return requirement.request.type === "patch" ? "patch rejected by user" : "exec command rejected by user";
}

async function decide(
  requirement: ApprovalRequirement,
  options: DispatchOptions,
): Promise<{ decision: ReviewDecision | null } | { refused: string }> {
  if (requirement.type === "skip") return { decision: null };
  if (requirement.type === "forbidden") return { refused: requirement.reason };
  const { context, approvedForSession } = options;
  if (requirement.sessionKey !== undefined && approvedForSession.has(requirement.sessionKey))
    return { decision: "approved_for_session" };
  if (context.approvalPolicy === "never")
    return { refused: "this action needs approval, but the approval policy is never; it was not run" };
  const { request, amendment } = requirement;
  const decision = await context.requestApproval(
    amendment && request.type === "exec" && options.rules
      ? { ...request, proposedAmendment: amendment }
      : request,
  );
  if (decision === "abort") throw new TurnAbortedError("aborted by user");
  if (decision === "approved_execpolicy_amendment" && amendment && options.rules)
    rememberAmendment(options.rules, amendment, context);
  if (decision === "denied") return { refused: rejection(requirement) };
  if (decision === "approved_for_session" && requirement.sessionKey !== undefined)
    approvedForSession.add(requirement.sessionKey);
  return { decision };
}

function rememberAmendment(rules: SessionRules, prefix: string[], context: ToolContext): void {
  try {
    rules.rememberAllow(prefix);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.emit({ type: "warning", message: `could not save the rule for this command: ${message}` });
  }
}

/** The handler's requirement, then the user's rules for the command line it would run. */
async function requirementFor(
  handler: ToolHandler,
  call: ToolCall,
  options: DispatchOptions,
): Promise<ApprovalRequirement> {
  const { context, rules } = options;
  const base = handler.approval ? await handler.approval(call, context) : { type: "skip" as const };
  const target = rules ? (handler.commandForRules?.(call, context) ?? null) : null;
  return rules && target ? rulesRequirement(rules, target, base, context) : base;
}

type Ran = { type: "refused"; output: string } | { type: "ran"; result: ToolResult };

/** Approval, sandbox choice and the handler's run (again without the sandbox if approved). */
async function runApproved(handler: ToolHandler, call: ToolCall, options: DispatchOptions): Promise<Ran> {
  const { context } = options;
  const requirement = await requirementFor(handler, call, options);
  const verdict = await decide(requirement, options);
  if ("refused" in verdict) return { type: "refused", output: verdict.refused };
  const sandbox = sandboxFor(context, requirement, verdict.decision);
  const result = await handler.run(call, { ...context, sandbox });
  const denial = result.deniedBySandbox;
  if (sandbox.type === "none" || !denial || !RETRY_WITHOUT_SANDBOX.has(context.approvalPolicy))
    return { type: "ran", result };
  const retry = await context.requestApproval(denial.retry);
  if (retry === "abort") throw new TurnAbortedError("aborted by user");
  if (!isApproval(retry)) return { type: "ran", result };
  return { type: "ran", result: await handler.run(call, { ...context, sandbox: { type: "none" } }) };
}

/**
 * Runs one call: PreToolUse hooks (which may block it or rewrite its input), approval, sandbox
 * choice and its handler, then PostToolUse hooks; returns the output item.
 */
export async function dispatchToolCall(call: ToolCall, options: DispatchOptions): Promise<ResponseItem> {
  const handler = options.registry.lookup(call.name);
  if (!handler) return toolOutputItem(call, { output: `unsupported call: ${call.name}`, success: false });
  const { context, hooks } = options;
  try {
    if (!hooks) {
      const ran = await runApproved(handler, call, options);
      return toolOutputItem(call, ran.type === "ran" ? ran.result : { output: ran.output, success: false });
    }
    const targetOf = (c: ToolCall) => handler.commandForRules?.(c, context) ?? null;
    const before = await hooks.before(call, context.cwd, targetOf(call));
    if ("blocked" in before) return toolOutputItem(call, { output: before.blocked, success: false });
    const ran = await runApproved(handler, before.call, options);
    if (ran.type === "refused") return toolOutputItem(call, { output: ran.output, success: false });
    return toolOutputItem(
      call,
      await hooks.after(before.call, context.cwd, targetOf(before.call), ran.result),
    );
  } catch (error) {
    if (error instanceof TurnAbortedError || context.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const output = error instanceof ToolInputError ? message : `tool ${call.name} failed: ${message}`;
    return toolOutputItem(call, { output, success: false });
  }
}
