/**
 * Core's approval events as server→client requests (`item/commandExecution/requestApproval`,
 * `item/fileChange/requestApproval`), answered by the client and passed back to core as ops. After
 * each answer the server sends `serverRequest/resolved`. A declined call is shown as a `declined`
 * item and never runs; "cancel" also stops the turn.
 */
import { shellJoin } from "@codex/core";
import type { EventMsg, Op, ReviewDecision } from "@codex/protocol";
import type { TurnMapper } from "./turn-mapper.ts";
import { commandActions, fileChanges } from "./v2-items.ts";

export type ApprovalPeer = {
  request(method: string, params: unknown): { id: number; result: Promise<unknown> };
  notify(method: string, params: Record<string, unknown>): void;
};

type ApprovalEvent = Extract<EventMsg, { type: "exec_approval_request" | "apply_patch_approval_request" }>;

/** The decisions we can honour. */
const AVAILABLE_DECISIONS = ["accept", "acceptForSession", "decline", "cancel"];

/**
 * A command's decisions: with core's proposed prefix, "accept and don't ask again for commands
 * starting with it" comes second, as 0.169 lists it (0.169 then offers only "cancel"; we keep
 * "acceptForSession" and "decline" too).
 */
function commandDecisions(amendment: string[] | undefined): unknown[] {
  if (!amendment) return AVAILABLE_DECISIONS;
  const [accept, ...rest] = AVAILABLE_DECISIONS;
  return [accept, { acceptWithExecpolicyAmendment: { execpolicy_amendment: amendment } }, ...rest];
}

/**
 * A client's answer as core's decision; anything we do not understand counts as "decline". The
 * rule written for an amendment is always core's own proposal, never a prefix the client sends.
 */
function reviewDecision(result: unknown, amendmentOffered: boolean): ReviewDecision {
  const decision = (result as { decision?: unknown } | null)?.decision;
  if (typeof decision === "object" && decision !== null && "acceptWithExecpolicyAmendment" in decision)
    return amendmentOffered ? "approved_execpolicy_amendment" : "approved";
  switch (decision) {
    case "accept":
    case "approved":
      return "approved";
    case "acceptForSession":
    case "approved_for_session":
      return "approved_for_session";
    case "cancel":
    case "abort":
      return "abort";
    default:
      return "denied";
  }
}

export type ApprovalContext = {
  peer: ApprovalPeer;
  turn: TurnMapper;
  submit: (op: Op) => void;
  /** Called when a request goes out (true) and when it is answered (false), for the thread status. */
  waiting: (delta: 1 | -1) => void;
};

/** Opens the item, asks the client, and hands the answer to core. */
export async function askClient(event: ApprovalEvent, ctx: ApprovalContext): Promise<void> {
  const { turn, peer } = ctx;
  const itemId = event.call_id;
  const startedAtMs = Date.now();
  const base = { threadId: turn.threadId, turnId: turn.turnId, itemId, startedAtMs };
  let method: string;
  let params: Record<string, unknown>;
  const kind = event.type === "exec_approval_request" ? "command" : "patch";
  // As 0.169: the thread shows it is waiting before the item and the request appear.
  ctx.waiting(1);
  const amendment = event.type === "exec_approval_request" ? event.proposed_execpolicy_amendment : undefined;
  if (event.type === "exec_approval_request") {
    const command = shellJoin(event.command);
    if (!turn.isOpen(itemId))
      turn.openItem({
        type: "commandExecution",
        id: itemId,
        command,
        cwd: event.cwd,
        processId: null,
        source: "agent",
        status: "inProgress",
        commandActions: commandActions(event.command),
        aggregatedOutput: null,
        exitCode: null,
        durationMs: null,
      });
    method = "item/commandExecution/requestApproval";
    params = {
      kind: "command",
      ...base,
      environmentId: "local",
      command,
      cwd: event.cwd,
      commandActions: commandActions(event.command),
      reason: event.reason,
      ...(amendment ? { proposedExecpolicyAmendment: amendment } : {}),
      availableDecisions: commandDecisions(amendment),
    };
  } else {
    if (!turn.isOpen(itemId))
      turn.openItem({
        type: "fileChange",
        id: itemId,
        changes: fileChanges(event.changes, event.unified_diff),
        status: "inProgress",
      });
    method = "item/fileChange/requestApproval";
    params = { ...base, reason: event.reason, grantRoot: null, availableDecisions: AVAILABLE_DECISIONS };
  }
  const { id, result } = peer.request(method, params);
  let decision: ReviewDecision;
  try {
    decision = reviewDecision(await result, amendment !== undefined);
  } catch {
    decision = "denied"; // The client answered with an error or went away: never run the call.
  }
  peer.notify("serverRequest/resolved", { threadId: turn.threadId, requestId: id });
  ctx.waiting(-1);
  if (decision === "denied" || decision === "abort") turn.closeItem(itemId, { status: "declined" });
  else turn.adoptNextRun(kind, itemId);
  ctx.submit({
    type: kind === "command" ? "exec_approval" : "patch_approval",
    call_id: event.call_id,
    decision,
  });
}
