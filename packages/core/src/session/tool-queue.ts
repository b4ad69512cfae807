/**
 * A response's tool calls, run one at a time in the order the model made them, while the response
 * goes on streaming. Each call's output is committed (in the history right after its call, and in
 * the rollout) the moment the call returns, so a stream retry or an interrupt finds it there. A
 * call cut short by an interrupt, or still waiting when it came, gets "aborted by user" as its
 * output: every committed call has exactly one output.
 */
import type { EventMsg, ResponseItem } from "@codex/protocol";
import { dispatchToolCall, toolOutputItem } from "../tools/orchestrator.ts";
import type { ToolCall, ToolContext } from "../tools/types.ts";
import { commitToolOutput, type TurnRuntime } from "./turn-runtime.ts";

/** What the model reads for a call the user interrupted (0.169's wording). */
const ABORTED_BY_USER = "aborted by user";

/**
 * The context a call runs with. The thread items it completes are held back (`completions`) until
 * its output is committed: once a front end shows a command as finished, the rollout has it. Items
 * completed after that (a background terminal that exits later) go out at once.
 */
type Held = { injected: ResponseItem[]; completions: EventMsg[]; committed: boolean };

function toolContext(rt: TurnRuntime, callId: string, held: Held): ToolContext {
  return {
    callId,
    cwd: rt.settings.cwd,
    conversationId: rt.conversationId,
    approvalPolicy: rt.settings.approvalPolicy,
    sandboxPolicy: rt.settings.sandboxPolicy,
    shellEnvironmentPolicy: rt.config.shell_environment_policy,
    config: rt.config,
    network: rt.network ?? null,
    offeredTools: rt.registry.names,
    signal: rt.signal,
    emit: (msg) =>
      msg.type === "item_completed" && !held.committed ? held.completions.push(msg) : rt.emit(msg),
    outputDeltas: rt.outputDeltas !== false,
    nextItemId: () => rt.nextItemId(),
    requestApproval: (request) => rt.requestApproval(callId, request),
    injectInput: (items) => held.injected.push(...items),
  };
}

export class ToolQueue {
  private tail: Promise<void> | null = null;

  constructor(private readonly rt: TurnRuntime) {}

  /**
   * Queues a call whose item is already committed; returns at once. With a `refusal`, the call is
   * not run: the refusal becomes its output, in its turn.
   */
  add(call: ToolCall, options: { refusal: string | null }): void {
    // The first call waits for the turn's workspace snapshot (undo); a turn without calls needs none.
    this.tail ??= this.rt.beforeTools?.() ?? Promise.resolve();
    this.tail = this.tail.then(() =>
      options.refusal === null
        ? this.run(call)
        : commitToolOutput(this.rt, call.callId, [
            toolOutputItem(call, { output: options.refusal, success: false }),
          ]),
    );
  }

  /** Resolves once every queued call has its output committed. Never rejects. */
  drain(): Promise<void> {
    return this.tail ?? Promise.resolve();
  }

  private async run(call: ToolCall): Promise<void> {
    const { rt } = this;
    const aborted = toolOutputItem(call, { output: ABORTED_BY_USER, success: false });
    if (rt.signal.aborted) return commitToolOutput(rt, call.callId, [aborted]);
    const held: Held = { injected: [], completions: [], committed: false };
    let output: ResponseItem = aborted;
    try {
      output = await dispatchToolCall(call, {
        registry: rt.registry,
        context: toolContext(rt, call.callId, held),
        approvedForSession: rt.approvedForSession,
        rules: rt.rules ?? null,
        hooks: rt.toolHooks ?? null,
      });
    } catch {
      // Only an interrupt (or an approval answered "abort", which interrupts) gets here.
    }
    commitToolOutput(rt, call.callId, rt.signal.aborted ? [aborted] : [output, ...held.injected]);
    held.committed = true;
    for (const msg of held.completions) rt.emit(msg);
  }
}
