/**
 * A thread with a running core session: reads the session's events, turns them into v2
 * notifications (through a TurnMapper per turn) and keeps the thread's status and finished turns.
 */
import type { CodexSession, Config } from "@codex/core";
import type { Event, Op, UserInput } from "@codex/protocol";
import { type ApprovalPeer, askClient } from "./approvals.ts";
import { invalidRequest } from "./errors.ts";
import { type ThreadFacts, type ThreadStatus, threadObject, type V2Turn } from "./thread-view.ts";
import { TurnMapper } from "./turn-mapper.ts";

/** A submitted turn core has not started yet; `cwd` is where its commands run. */
type QueuedTurn = { turnId: string; userText: string; cwd: string };

function newTurnId(): string {
  return Bun.randomUUIDv7();
}

export class LoadedThread {
  private status: ThreadStatus = { type: "idle" };
  private waitingOnApproval = 0;
  private readonly queued: QueuedTurn[] = [];
  private current: TurnMapper | null = null;
  /** The working directory of the latest turn (a turn's `cwd` stays for the next ones, as in core). */
  private cwd: string;
  private readonly pump: Promise<void>;
  /** A thread/revert waiting for core to confirm its rollback. */
  private reverting: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    readonly session: CodexSession,
    readonly config: Config,
    readonly facts: ThreadFacts,
    /** Turns from before this process (resume), then the ones run here. */
    readonly turns: V2Turn[],
    private readonly peer: ApprovalPeer,
    events: AsyncIterator<Event>,
  ) {
    this.cwd = config.cwd;
    this.pump = this.readEvents(events);
  }

  /** Waits for the session's `session_configured` (it names the rollout file), then starts reading. */
  static async open(
    session: CodexSession,
    config: Config,
    facts: Omit<ThreadFacts, "id" | "path">,
    options: { turns: V2Turn[]; peer: ApprovalPeer },
  ): Promise<LoadedThread> {
    const events = session.events[Symbol.asyncIterator]();
    const first = await events.next();
    const configured = first.done ? null : first.value.msg;
    const path = configured?.type === "session_configured" ? configured.rollout_path : null;
    return new LoadedThread(
      session,
      config,
      { ...facts, id: session.id, path },
      options.turns,
      options.peer,
      events,
    );
  }

  get id(): string {
    return this.facts.id;
  }

  thread(options: { withTurns: boolean }): object {
    return threadObject(this.facts, this.status, options.withTurns ? this.turns : []);
  }

  /** Queues a user turn; returns the turn as turn/start answers it (the notifications follow). */
  startTurn(
    items: UserInput[],
    overrides: Omit<Extract<Op, { type: "user_turn" }>, "type" | "items">,
  ): {
    turn: V2Turn;
    submit: () => void;
  } {
    const turnId = newTurnId();
    const userText = items.flatMap((item) => (item.type === "text" ? [item.text] : [])).join("\n");
    if (this.facts.preview === "") this.facts.preview = userText;
    this.cwd = overrides.cwd ?? this.cwd;
    this.queued.push({ turnId, userText, cwd: this.cwd });
    const turn: V2Turn = {
      id: turnId,
      rootTurnId: turnId,
      items: [],
      itemsView: "notLoaded",
      status: "inProgress",
      error: null,
      startedAt: null,
      completedAt: null,
      durationMs: null,
    };
    return { turn, submit: () => void this.session.submit({ type: "user_turn", items, ...overrides }) };
  }

  /** Interrupts the running turn when `turnId` names it; false when that turn is not running. */
  interrupt(turnId: string): boolean {
    if (this.current?.turnId !== turnId) return false;
    void this.session.submit({ type: "interrupt" });
    return true;
  }

  /**
   * Drops turn `beforeTurnId` and every later one from the conversation (core rolls back its
   * history and marks the rollout). Files the turns changed are left as they are.
   */
  async revert(beforeTurnId: string): Promise<void> {
    if (this.current !== null || this.queued.length > 0)
      throw invalidRequest("cannot revert while a turn is running; interrupt it first");
    if (this.reverting !== null) throw invalidRequest("a revert of this thread is already in progress");
    const index = this.turns.findIndex((turn) => turn.id === beforeTurnId);
    if (index < 0) throw invalidRequest(`no turn ${beforeTurnId} in thread ${this.id}`);
    const confirmed = new Promise<void>((resolve, reject) => {
      this.reverting = { resolve, reject };
    });
    void this.session.submit({ type: "thread_rollback", num_turns: this.turns.length - index });
    try {
      await confirmed;
    } catch (error) {
      throw invalidRequest((error as Error).message);
    } finally {
      this.reverting = null;
    }
    this.turns.splice(index);
    const firstUser = this.turns[0]?.items.find((item) => item.type === "userMessage");
    const content = firstUser?.content as Array<{ text?: string }> | undefined;
    this.facts.preview = content?.[0]?.text ?? "";
    this.facts.updatedAt = Math.floor(Date.now() / 1000);
  }

  async close(): Promise<void> {
    await this.session.close();
    await this.pump;
  }

  private setStatus(status: ThreadStatus): void {
    this.status = status;
    this.peer.notify("thread/status/changed", { threadId: this.id, status });
  }

  private activeStatus(): ThreadStatus {
    return { type: "active", activeFlags: this.waitingOnApproval > 0 ? ["waitingOnApproval"] : [] };
  }

  private async readEvents(events: AsyncIterator<Event>): Promise<void> {
    for (let next = await events.next(); !next.done; next = await events.next()) this.onEvent(next.value);
  }

  private onEvent({ msg }: Event): void {
    switch (msg.type) {
      case "turn_started": {
        const next = this.queued.shift() ?? { turnId: newTurnId(), userText: "", cwd: this.cwd };
        this.current = new TurnMapper(this.id, next.turnId, next.cwd, (method, params) =>
          this.peer.notify(method, params),
        );
        this.setStatus(this.activeStatus());
        this.current.begin(next.userText);
        return;
      }
      case "turn_completed":
        this.endTurn("completed", null);
        return;
      case "turn_failed":
        this.endTurn("failed", { message: msg.error.message });
        return;
      case "turn_aborted":
        this.endTurn("interrupted", null);
        return;
      case "exec_approval_request":
      case "apply_patch_approval_request": {
        const turn = this.current;
        if (!turn) return;
        void askClient(msg, {
          peer: this.peer,
          turn,
          submit: (op) => void this.session.submit(op),
          waiting: (delta) => {
            this.waitingOnApproval += delta;
            if (this.current === turn) this.setStatus(this.activeStatus());
          },
        });
        return;
      }
      case "thread_rolled_back":
        this.reverting?.resolve();
        return;
      case "error":
        // Outside a turn, an error answers a rollback (e.g. the turns were compacted away).
        if (!this.current && this.reverting) this.reverting.reject(new Error(msg.message));
        else this.current?.handle(msg);
        return;
      case "warning":
        if (!this.current) this.peer.notify("warning", { threadId: this.id, message: msg.message });
        else this.current.handle(msg);
        return;
      default:
        this.current?.handle(msg);
    }
  }

  private endTurn(status: "completed" | "interrupted" | "failed", error: { message: string } | null): void {
    const turn = this.current;
    if (!turn) return;
    const full = turn.finish(status, error);
    this.current = null;
    this.waitingOnApproval = 0;
    this.turns.push(full);
    this.facts.updatedAt = Math.floor(Date.now() / 1000);
    this.setStatus({ type: "idle" });
    // turn/completed carries a summary (the agent's messages); thread/read gives the full turn.
    const summary: V2Turn =
      status === "interrupted"
        ? { ...full, items: [], itemsView: "notLoaded" }
        : { ...full, items: full.items.filter((item) => item.type === "agentMessage"), itemsView: "summary" };
    this.peer.notify("turn/completed", { threadId: this.id, turn: summary });
  }
}
