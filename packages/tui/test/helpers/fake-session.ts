/**
 * A scripted Session: the front end's network peer. It records the ops the TUI submits and emits
 * real protocol events, either pushed by the test or produced by a responder per op.
 */
import type { CustomPrompt, Event, EventMsg, Op, Session } from "@codex/protocol";

const HISTORY_LOG_ID = 4242;

export class FakeSession implements Session {
  readonly ops: Op[] = [];
  private queue: Event[] = [];
  private waiting: ((r: IteratorResult<Event>) => void) | null = null;
  private closed = false;
  private nextId = 0;
  responder: ((op: Op, id: string) => void) | null = null;
  /** The prompt history the session serves (oldest first), as `history.jsonl` would hold it. */
  historyLog: string[] = [];
  /** What `list_custom_prompts` answers. */
  customPrompts: CustomPrompt[] = [];
  /** The settings the last `session_configured` or override announced, for `turn_context_changed`. */
  private settings: Extract<EventMsg, { type: "turn_context_changed" }> | null = null;

  readonly events: AsyncIterable<Event> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const ev = this.queue.shift();
        if (ev) return Promise.resolve({ value: ev, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise<IteratorResult<Event>>((resolve) => {
          this.waiting = resolve;
        });
      },
    }),
  };

  emit(msg: EventMsg, id = "0"): void {
    const ev: Event = { id, msg };
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: ev, done: false });
    } else this.queue.push(ev);
  }

  async submit(op: Op): Promise<string> {
    const id = String(++this.nextId);
    this.ops.push(op);
    // Like the real session: an interrupt ends the running turn.
    if (op.type === "interrupt") this.emit({ type: "turn_aborted", turn_id: "t", reason: "interrupted" }, id);
    // Like the real session: an override is confirmed with the settings now in force.
    if (op.type === "override_turn_context" && this.settings) {
      const s = this.settings;
      this.settings = {
        ...s,
        model: op.model ?? s.model,
        reasoning_effort: op.effort !== undefined ? op.effort : s.reasoning_effort,
        approval_policy: op.approval_policy ?? s.approval_policy,
        sandbox_policy: op.sandbox_policy ?? s.sandbox_policy,
        cwd: op.cwd ?? s.cwd,
      };
      this.emit(this.settings, id);
    }
    if (op.type === "list_custom_prompts")
      this.emit({ type: "list_custom_prompts_response", custom_prompts: this.customPrompts }, id);
    if (op.type === "get_history_entry_request") {
      const text = op.log_id === HISTORY_LOG_ID ? this.historyLog[op.offset] : undefined;
      this.emit(
        {
          type: "get_history_entry_response",
          offset: op.offset,
          log_id: op.log_id,
          ...(text === undefined ? {} : { entry: { conversation_id: "earlier", ts: 0, text } }),
        },
        id,
      );
    }
    this.responder?.(op, id);
    return id;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.emit({ type: "shutdown_complete" });
    this.closed = true;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: undefined, done: true });
    }
  }

  opsOf<T extends Op["type"]>(type: T): Extract<Op, { type: T }>[] {
    return this.ops.filter((o): o is Extract<Op, { type: T }> => o.type === type);
  }

  configured(overrides: Partial<Extract<EventMsg, { type: "session_configured" }>> = {}): void {
    const msg: Extract<EventMsg, { type: "session_configured" }> = {
      type: "session_configured",
      session_id: "0199a213-81c0-7800-8aa1-bbab2a035a53",
      model: "gpt-5-codex",
      model_provider: "openai",
      cwd: "/work/demo",
      approval_policy: "on-request",
      sandbox_policy: { mode: "read-only" },
      reasoning_effort: "medium",
      rollout_path: null,
      history_log_id: this.historyLog.length > 0 ? HISTORY_LOG_ID : 0,
      history_entry_count: this.historyLog.length,
      ...overrides,
    };
    this.settings = {
      type: "turn_context_changed",
      cwd: msg.cwd,
      model: msg.model,
      reasoning_effort: msg.reasoning_effort,
      approval_policy: msg.approval_policy,
      sandbox_policy: msg.sandbox_policy,
    };
    this.emit(msg);
  }
}

export function usage(total = 1200) {
  return {
    input_tokens: total - 200,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 200,
    reasoning_output_tokens: 0,
    total_tokens: total,
  };
}
