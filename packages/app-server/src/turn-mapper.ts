/**
 * One turn's core events as v2 notifications, in Codex 0.169's order: thread/status/changed
 * (active), turn/started, the user message's item/started + item/completed, then per item
 * item/started, its deltas and item/completed, thread/tokenUsage/updated after each model response,
 * and at the end thread/status/changed (idle) followed by turn/completed.
 *
 * Core announces agent messages only by their deltas and completion, and a command that needs
 * approval only once it runs; the mapper opens the v2 item when it first hears of it, so every item
 * gets exactly one item/started and one item/completed. An approved call's item keeps the call id
 * the approval request named (`adoptNextRun`).
 */
import type { EventMsg, ThreadItem, TokenUsage, TokenUsageInfo } from "@codex/protocol";
import type { V2Turn } from "./thread-view.ts";
import { agentMessageItem, toV2Item, userMessageItem, type V2Item } from "./v2-items.ts";

export type Notify = (method: string, params: Record<string, unknown>) => void;

type OpenItem = { item: V2Item; text: string };

function usageV2(usage: TokenUsage): Record<string, number> {
  return {
    totalTokens: usage.total_tokens,
    inputTokens: usage.input_tokens,
    cachedInputTokens: usage.cached_input_tokens,
    cacheWriteInputTokens: 0,
    outputTokens: usage.output_tokens,
    reasoningOutputTokens: usage.reasoning_output_tokens,
  };
}

const unixSeconds = (ms: number) => Math.floor(ms / 1000);

export class TurnMapper {
  readonly startedAtMs = Date.now();
  /** Completed items in order, for thread/read (`itemsView: "full"`). */
  private readonly items: V2Item[] = [];
  private readonly open = new Map<string, OpenItem>();
  /** Core item id -> the v2 id already shown for it (an approved call's id). */
  private readonly aliases = new Map<string, string>();
  private adopt: { kind: "command" | "patch"; id: string } | null = null;
  private itemCounter = 0;

  constructor(
    readonly threadId: string,
    readonly turnId: string,
    private readonly cwd: string,
    private readonly notify: Notify,
  ) {}

  private params(extra: Record<string, unknown>): Record<string, unknown> {
    return { threadId: this.threadId, turnId: this.turnId, ...extra };
  }

  turnObject(status: V2Turn["status"], error: { message: string } | null): V2Turn {
    const done = status !== "inProgress";
    const now = Date.now();
    return {
      id: this.turnId,
      rootTurnId: this.turnId,
      items: done ? [...this.items] : [],
      itemsView: done ? "full" : "notLoaded",
      status,
      error,
      startedAt: unixSeconds(this.startedAtMs),
      completedAt: done ? unixSeconds(now) : null,
      durationMs: done ? now - this.startedAtMs : null,
    };
  }

  /** turn/started and the user's message. */
  begin(userText: string): void {
    this.notify("turn/started", { threadId: this.threadId, turn: this.turnObject("inProgress", null) });
    const user = userMessageItem(`${this.turnId}-user`, userText);
    this.startItem(user);
    this.completeItem(user);
  }

  /** Opens an item ahead of core (a call waiting for approval). */
  openItem(item: V2Item): void {
    this.startItem(item);
  }

  isOpen(id: string): boolean {
    return this.open.has(id);
  }

  /** The next command (or patch) core runs is the one just approved: show it under `id`. */
  adoptNextRun(kind: "command" | "patch", id: string): void {
    this.adopt = { kind, id };
  }

  /** Closes an item opened ahead of core, e.g. a declined command. */
  closeItem(id: string, patch: Record<string, unknown>): void {
    const open = this.open.get(id);
    if (open) this.completeItem({ ...open.item, ...patch });
  }

  private startItem(item: V2Item): void {
    this.open.set(item.id, { item, text: "" });
    this.notify("item/started", this.params({ item, startedAtMs: Date.now() }));
  }

  private completeItem(item: V2Item): void {
    this.open.delete(item.id);
    this.items.push(item);
    this.notify("item/completed", this.params({ item, completedAtMs: Date.now() }));
  }

  private v2Id(coreId: string): string {
    return this.aliases.get(coreId) ?? coreId;
  }

  /**
   * The v2 id of core item `coreId`. Core's ids restart with each process, so ours are prefixed by
   * the turn; the first command (or patch) after an approval takes the approved call's id instead.
   */
  private claimId(coreId: string, kind: "command" | "patch" | null): string {
    const known = this.aliases.get(coreId);
    if (known) return known;
    let id: string;
    if (this.adopt !== null && this.adopt.kind === kind) {
      id = this.adopt.id;
      this.adopt = null;
    } else id = `${this.turnId}-${this.itemCounter++}`;
    this.aliases.set(coreId, id);
    return id;
  }

  private claimItemId(item: ThreadItem): string {
    const kind = item.type === "command_execution" ? "command" : item.type === "file_change" ? "patch" : null;
    return this.claimId(item.id, kind);
  }

  private ensureTextItem(coreId: string, type: "agentMessage" | "reasoning"): OpenItem {
    const id = this.claimId(coreId, null);
    const existing = this.open.get(id);
    if (existing) return existing;
    const item: V2Item =
      type === "agentMessage"
        ? agentMessageItem(id, "")
        : { type: "reasoning", id, summary: [], content: [] };
    this.startItem(item);
    return this.open.get(id) as OpenItem;
  }

  /** Handles one core event of this turn (not the turn's end, which `finish` handles). */
  handle(msg: EventMsg): void {
    switch (msg.type) {
      case "agent_message_delta": {
        const open = this.ensureTextItem(msg.item_id, "agentMessage");
        open.text += msg.delta;
        this.notify("item/agentMessage/delta", this.params({ itemId: open.item.id, delta: msg.delta }));
        break;
      }
      case "reasoning_delta": {
        const open = this.ensureTextItem(msg.item_id, "reasoning");
        open.text += msg.delta;
        this.notify(
          "item/reasoning/summaryTextDelta",
          this.params({ itemId: open.item.id, delta: msg.delta, summaryIndex: 0 }),
        );
        break;
      }
      case "item_started":
      case "item_updated": {
        const id = this.claimItemId(msg.item);
        if (this.open.has(id)) break;
        const item = toV2Item({ ...msg.item, id }, { cwd: this.cwd });
        if (item) this.startItem(item);
        break;
      }
      case "item_completed": {
        const id = this.claimItemId(msg.item);
        const item = toV2Item({ ...msg.item, id }, { cwd: this.cwd });
        if (!item) break;
        if (!this.open.has(id)) this.startItem({ ...item, ...this.startedShape(item) });
        this.completeItem(item);
        break;
      }
      case "command_output_delta":
        this.notify(
          "item/commandExecution/outputDelta",
          this.params({ itemId: this.v2Id(msg.item_id), delta: msg.chunk }),
        );
        break;
      case "token_count":
        this.notify("thread/tokenUsage/updated", this.params({ tokenUsage: this.tokenUsage(msg.info) }));
        break;
      case "turn_diff":
        this.notify("turn/diff/updated", this.params({ diff: msg.unified_diff }));
        break;
      case "plan_update":
        this.notify(
          "turn/plan/updated",
          this.params({
            explanation: msg.explanation,
            plan: msg.plan.map((step) => ({
              step: step.step,
              status: step.status === "in_progress" ? "inProgress" : step.status,
            })),
          }),
        );
        break;
      case "stream_error":
        this.notify("error", this.params({ error: { message: msg.message }, willRetry: true }));
        break;
      case "error":
        this.notify("error", this.params({ error: { message: msg.message }, willRetry: false }));
        break;
      case "warning":
        this.notify("warning", { threadId: this.threadId, message: msg.message });
        break;
      default:
        break;
    }
  }

  /** The item as it looked when it started (no output yet). */
  private startedShape(item: V2Item): Record<string, unknown> {
    if (item.type === "agentMessage") return { text: "" };
    if (item.type === "commandExecution")
      return { status: "inProgress", aggregatedOutput: null, exitCode: null, durationMs: null };
    if (item.type === "fileChange" || item.type === "mcpToolCall") return { status: "inProgress" };
    return {};
  }

  private tokenUsage(info: TokenUsageInfo): Record<string, unknown> {
    return {
      total: usageV2(info.total_token_usage),
      last: usageV2(info.last_token_usage),
      modelContextWindow: info.model_context_window,
    };
  }

  /** Closes what is still open (an interrupted stream, a refused approved call) and builds the turn. */
  finish(status: "completed" | "interrupted" | "failed", error: { message: string } | null): V2Turn {
    for (const { item, text } of [...this.open.values()]) {
      if (item.type === "agentMessage") this.completeItem({ ...item, text });
      else if (item.type === "reasoning") this.completeItem({ ...item, summary: text ? [text] : [] });
      else this.completeItem({ ...item, status: "failed" });
    }
    return this.turnObject(status, error);
  }
}
