/**
 * A session's file history, for undo: when the model begins a turn's first tool call the workspace
 * is captured (while the call's arguments stream; tools wait for it), after the turn it is captured
 * again and the difference is appended to the journal. A turn in which no tool was called (an
 * answer only) is recorded as unchanged without either capture, which in a big repository costs
 * tens of milliseconds each. Rolling turns back can then put their files back (restore.ts).
 * Everything lives under `$CODEX_HOME/undo/<session id>/`; the user's repository is only read.
 */
import { join } from "node:path";
import { BlobStore } from "./blob-store.ts";
import { Journal } from "./journal.ts";
import { markLive, unmarkLive } from "./live-marker.ts";
import { KEEP_DAYS, PRUNE_EVERY_MS, pruneUndo } from "./prune.ts";
import { type RestoreOutcome, restoreTurns } from "./restore.ts";
import { type Capture, diffCaptures, Snapshotter } from "./snapshot.ts";

export type TurnFiles = {
  /**
   * The model began a tool call: the capture starts now, while the call's arguments stream. The
   * call may still never run (the stream drops, the user interrupts): that alone does not make the
   * turn one that changed files.
   */
  toolsComing(): void;
  /**
   * Called before the turn's first tool call runs; resolves once the workspace was captured (never
   * rejects). A turn that never calls it is taken to have changed no files.
   */
  beforeTools(): Promise<void>;
  /** Captures the workspace again and records what the turn changed (never rejects). */
  finish(): Promise<void>;
};

/** When this process last tried pruning (prune.ts also keeps to once a day across processes). */
let pruneTried = Number.NEGATIVE_INFINITY;

export class TurnFileHistory {
  private readonly dir: string;
  private readonly store: BlobStore;
  private readonly journal: Journal;
  private readonly snapshotter: Snapshotter;

  constructor(
    private readonly codexHome: string,
    sessionId: string,
  ) {
    const dir = join(codexHome, "undo", sessionId);
    this.dir = dir;
    this.store = new BlobStore(join(dir, "blobs"));
    this.journal = new Journal(join(dir, "journal.jsonl"));
    this.snapshotter = new Snapshotter(this.store);
  }

  beginTurn(cwd: string): TurnFiles {
    this.markLive();
    const capture = (): Promise<Capture | string> =>
      this.snapshotter
        .capture(cwd)
        .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    // Taken when the model begins its first tool call, not as the turn starts: an answer-only
    // turn captures nothing, and what the user changed while the model thought stays out of
    // what undoing the turn puts back.
    let before: Promise<Capture | string> | null = null;
    const capturedBefore = () => {
      before ??= capture();
      return before;
    };
    if (Date.now() - pruneTried > PRUNE_EVERY_MS) {
      pruneTried = Date.now();
      // A macrotask later: the model request leaves first.
      setTimeout(() => pruneUndo(this.codexHome), 0);
    }
    let finishing: Promise<void> | null = null;
    let toolsRan = false;
    const finish = async () => {
      // A capture taken for a call that never ran is not a reason to record: what the user changed
      // since it would become the turn's doing, and undo would put it back.
      if (!toolsRan || before === null) return this.recordUnchangedTurn();
      const first = await before;
      const after = typeof first === "string" ? first : await capture();
      if (typeof first === "string" || typeof after === "string")
        this.journal.appendTurn({
          root: null,
          changes: [],
          unavailable: typeof first === "string" ? first : (after as string),
        });
      else
        this.journal.appendTurn({ root: first.root, changes: diffCaptures(first, after), unavailable: null });
    };
    return {
      toolsComing: () => void capturedBefore(),
      beforeTools: () => {
        toolsRan = true;
        return capturedBefore().then(() => undefined);
      },
      finish: () => {
        finishing ??= finish().catch(() => undefined);
        return finishing;
      },
    };
  }

  /** A turn that cannot have changed files (a review, an answer, a call that never ran). */
  recordUnchangedTurn(): void {
    this.journal.appendTurn({ root: null, changes: [], unavailable: null });
  }

  /** How many of the last turns have a record (turns before file history began have none). */
  recordedTurns(): number {
    return this.journal.liveTurns().length;
  }

  /** Puts back the files of the last `numTurns` turns; nothing is written when any cannot be. */
  restore(numTurns: number): RestoreOutcome {
    this.markLive();
    const live = this.journal.liveTurns();
    if (live.length < numTurns)
      return {
        ok: false,
        problems: [
          `no file snapshot is kept for that turn (it ran before file history was kept, or its history was removed after ${KEEP_DAYS} days unused)`,
        ],
      };
    return restoreTurns(live.slice(live.length - numTurns), this.store);
  }

  /** The session ended: its history may be pruned once it is no longer resumable or used. */
  close(): void {
    try {
      unmarkLive(this.dir);
    } catch {
      // a stale marker is ignored by pruning
    }
  }

  /** Tells other processes' pruning that this session uses its folder (live-marker.ts). */
  private markLive(): void {
    try {
      markLive(this.dir);
    } catch {
      // $CODEX_HOME not writable: the journal's own writes will say so
    }
  }

  /** The last `numTurns` turns left the conversation: their records leave the journal too. */
  forget(numTurns: number): void {
    this.journal.appendUndo(numTurns);
  }
}
