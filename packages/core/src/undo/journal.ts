/**
 * The per-session record of what each turn did to the files (`$CODEX_HOME/undo/<session>/
 * journal.jsonl`): one `turn` line per conversation turn, in order, and an `undo` line for each
 * rollback. The live turns are the `turn` lines not taken back by a later `undo`; the last N of them
 * are the last N turns of the conversation. Lines are appended, never rewritten.
 */
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { FileChange } from "./snapshot.ts";

export type TurnRecord = {
  type: "turn";
  /** The workspace the paths are relative to; null for a turn that changed nothing (a review). */
  root: string | null;
  changes: FileChange[];
  /** Why the turn's files could not be snapshotted (they then cannot be restored). */
  unavailable: string | null;
};

type UndoRecord = { type: "undo"; turns: number };

export class Journal {
  constructor(readonly path: string) {}

  /** The live turn records, oldest first (empty when there is no journal yet). */
  liveTurns(): TurnRecord[] {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      return [];
    }
    const live: TurnRecord[] = [];
    for (const line of text.split("\n")) {
      let record: TurnRecord | UndoRecord;
      try {
        record = JSON.parse(line);
      } catch {
        continue; // a line torn by a crash
      }
      if (record.type === "turn") live.push(record);
      else if (record.type === "undo") live.length = Math.max(0, live.length - record.turns);
    }
    return live;
  }

  appendTurn(record: Omit<TurnRecord, "type">): void {
    this.append({ type: "turn", ...record });
  }

  appendUndo(turns: number): void {
    this.append({ type: "undo", turns });
  }

  private append(record: TurnRecord | UndoRecord): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    appendFileSync(this.path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  }
}
