/**
 * The background terminals of one codex session: the commands `exec_command` left running, by the
 * session id the model polls them with. Bounded in number (the least recently used one is ended to
 * make room, exited ones first); all of them end on interrupt, at session end, and when codex
 * exits. Each command's `command_execution` item completes when its process exits, whether or not
 * the model is polling it.
 */
import type { BackgroundTerminalInfo, EventMsg } from "@codex/protocol";
import { capturedText } from "../exec/format.ts";
import type { CapturedOutput } from "../exec/output-capture.ts";
import type { TerminalExit, TerminalProcess } from "./terminal-process.ts";

const MAX_TERMINALS = 64;
/** The most recently used terminals are never ended to make room. */
const PROTECTED_RECENT = 8;
const MIN_SESSION_ID = 1_000;
const SESSION_ID_SPAN = 99_000;

export type TerminalEntry = {
  readonly id: number;
  readonly process: TerminalProcess;
  /** The command as shown to people (`/bin/bash -lc 'npm run dev'`). */
  readonly command: string;
  readonly cwd: string;
  readonly tty: boolean;
  /** The `command_execution` item that shows it. */
  readonly itemId: string;
  readonly ownsProcessTree: boolean;
  lastUsed: number;
};

export class TerminalSessions {
  private readonly entries = new Map<number, TerminalEntry>();
  private detached = false;

  /** Registers a started process; its item completes through `emit` when it exits. */
  add(init: Omit<TerminalEntry, "id" | "lastUsed">, emit: (msg: EventMsg) => void): TerminalEntry {
    this.makeRoom();
    let id = 0;
    do id = MIN_SESSION_ID + Math.floor(Math.random() * SESSION_ID_SPAN);
    while (this.entries.has(id));
    const entry: TerminalEntry = { ...init, id, lastUsed: performance.now() };
    this.entries.set(id, entry);
    void entry.process.done.then((exit) => {
      if (!this.detached) emit(completedItem(entry, exit, entry.process.aggregated()));
    });
    return entry;
  }

  get(id: number): TerminalEntry | undefined {
    const entry = this.entries.get(id);
    if (entry) entry.lastUsed = performance.now();
    return entry;
  }

  /** Forgets a terminal whose exit the model has been told. */
  remove(id: number): void {
    this.entries.delete(id);
  }

  list(): BackgroundTerminalInfo[] {
    const now = performance.now();
    return [...this.entries.values()]
      .filter((entry) => entry.process.exit === null)
      .map((entry) => ({
        id: entry.id,
        command: entry.command,
        cwd: entry.cwd,
        tty: entry.tty,
        running_ms: Math.round(now - entry.process.startedAt),
      }));
  }

  /** Ends one terminal; false when there is no such running terminal. */
  stop(id: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.process.exit !== null) return false;
    entry.process.kill({ ownsProcessTree: entry.ownsProcessTree });
    return true;
  }

  /** Ends every terminal (interrupt). */
  stopAll(): void {
    for (const entry of this.entries.values()) entry.process.kill({ ownsProcessTree: entry.ownsProcessTree });
    this.entries.clear();
  }

  /** Ends every terminal without reporting their items (the session is over). */
  close(): void {
    this.detached = true;
    this.stopAll();
  }

  private makeRoom(): void {
    if (this.entries.size < MAX_TERMINALS) return;
    const byAge = [...this.entries.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    const candidates = byAge.slice(0, Math.max(0, byAge.length - PROTECTED_RECENT));
    const victim = candidates.find((entry) => entry.process.exit !== null) ?? candidates[0];
    if (!victim) return;
    victim.process.kill({ ownsProcessTree: victim.ownsProcessTree });
    this.entries.delete(victim.id);
  }
}

function completedItem(entry: TerminalEntry, exit: TerminalExit, output: CapturedOutput): EventMsg {
  return {
    type: "item_completed",
    item: {
      id: entry.itemId,
      type: "command_execution",
      command: entry.command,
      aggregated_output: capturedText(output),
      exit_code: exit.exitCode,
      status: exit.exitCode === 0 ? "completed" : "failed",
    },
  };
}
