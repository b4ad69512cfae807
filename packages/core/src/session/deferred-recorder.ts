/**
 * A rollout recorder that opens its file only once the first model response has started (or the
 * turn ended, or the session closes). Creating the file needs the local date (the first local-time
 * conversion initialises time zones: tens of milliseconds) and an fdatasync; doing it later keeps
 * both off the path from start-up to the first request. Records made before are queued, in order.
 */
import type { ResponseItem } from "@codex/protocol";
import type { RolloutRecorder } from "../rollout/recorder.ts";
import type { CompactedItem, RolloutEventMsg, TurnContextItem } from "../rollout/types.ts";

export class DeferredRecorder {
  private real: RolloutRecorder | null = null;
  private readonly pending: Array<(recorder: RolloutRecorder) => void> = [];

  constructor(private readonly create: () => RolloutRecorder) {}

  /** Unknown until the file is opened. */
  get path(): string | null {
    return this.real?.path ?? null;
  }

  /** Creates the file and writes what was queued; later calls do nothing. */
  open(): RolloutRecorder {
    if (this.real === null) {
      this.real = this.create();
      for (const write of this.pending.splice(0)) write(this.real);
    }
    return this.real;
  }

  private write(action: (recorder: RolloutRecorder) => void): void {
    if (this.real) action(this.real);
    else this.pending.push(action);
  }

  record(items: readonly ResponseItem[]): void {
    const copy = [...items];
    this.write((r) => r.record(copy));
  }

  recordTurnContext(context: TurnContextItem): void {
    this.write((r) => r.recordTurnContext(context));
  }

  recordEvent(event: RolloutEventMsg): void {
    this.write((r) => r.recordEvent(event));
  }

  recordCompacted(item: CompactedItem): void {
    this.write((r) => r.recordCompacted(item));
  }

  sync(): void {
    this.open().sync();
  }

  close(): void {
    this.open().close();
  }
}
