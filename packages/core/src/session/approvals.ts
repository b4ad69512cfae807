/**
 * Approvals a turn asks the human for: the request event goes out, and the turn waits for the
 * matching `exec_approval` / `patch_approval` op, by call id.
 */
import type { EventMsg, ReviewDecision } from "@codex/protocol";
import type { ApprovalRequest } from "../tools/types.ts";

export class PendingApprovals {
  private readonly waiting = new Map<string, (decision: ReviewDecision) => void>();

  /** Emits the approval request and waits for its answer; "abort" stops the whole turn, as an interrupt does. */
  ask(
    callId: string,
    request: ApprovalRequest,
    turn: { emit: (msg: EventMsg) => void; controller: AbortController },
  ): Promise<ReviewDecision> {
    const { emit } = turn;
    const decision = this.wait(callId, turn.controller.signal).then((answer) => {
      if (answer === "abort") turn.controller.abort();
      return answer;
    });
    if (request.type === "exec")
      emit({
        type: "exec_approval_request",
        call_id: callId,
        command: request.command,
        cwd: request.cwd,
        reason: request.reason,
        ...(request.proposedAmendment ? { proposed_execpolicy_amendment: request.proposedAmendment } : {}),
      });
    else
      emit({
        type: "apply_patch_approval_request",
        call_id: callId,
        changes: request.changes,
        unified_diff: request.unifiedDiff,
        reason: request.reason,
      });
    return decision;
  }

  private wait(callId: string, signal: AbortSignal): Promise<ReviewDecision> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve("abort");
      const onAbort = () => this.answer(callId, "abort");
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.set(callId, (decision) => {
        signal.removeEventListener("abort", onAbort);
        resolve(decision);
      });
    });
  }

  /** Delivers a decision; returns false when nothing waited for this call id. */
  answer(callId: string, decision: ReviewDecision): boolean {
    const resolve = this.waiting.get(callId);
    if (!resolve) return false;
    this.waiting.delete(callId);
    resolve(decision);
    return true;
  }
}
