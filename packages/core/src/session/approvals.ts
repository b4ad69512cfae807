/** Approval requests waiting for their `exec_approval` / `patch_approval` op, by call id. */
import type { ReviewDecision } from "@codex/protocol";

export class PendingApprovals {
  private readonly waiting = new Map<string, (decision: ReviewDecision) => void>();

  wait(callId: string, signal: AbortSignal): Promise<ReviewDecision> {
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
