/**
 * Prompt history for Up/Down in the composer: earlier prompts from `$CODEX_HOME/history.jsonl`
 * (lines `{"session_id","ts","text"}`, oldest first) plus the ones sent in this session. The core
 * appends new entries (the TUI submits `add_to_history`); this only reads.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const MAX_ENTRIES = 1000;

export async function readHistory(codexHome: string): Promise<string[]> {
  let content: string;
  try {
    content = await readFile(join(codexHome, "history.jsonl"), "utf8");
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of content.split("\n")) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { text?: unknown };
      if (typeof entry.text === "string") out.push(entry.text);
    } catch {
      // a torn line (concurrent writer) is skipped
    }
  }
  return out.slice(-MAX_ENTRIES);
}

/** Walks a list of entries, newest first, remembering the draft that was being typed. */
export class HistoryNavigator {
  private entries: string[] = [];
  private index: number | null = null;
  private draft = "";

  load(entries: string[]): void {
    this.entries = [...entries, ...this.entries];
  }

  add(text: string): void {
    if (text.trim() && this.entries[this.entries.length - 1] !== text) this.entries.push(text);
    this.reset();
  }

  reset(): void {
    this.index = null;
    this.draft = "";
  }

  /** Whether Up/Down should browse history: the composer is empty or shows a recalled entry. */
  isBrowsing(current: string): boolean {
    if (current === "") return true;
    return this.index !== null && this.entries[this.index] === current;
  }

  previous(current: string): string | null {
    if (this.entries.length === 0) return null;
    if (this.index === null) {
      this.draft = current;
      this.index = this.entries.length;
    }
    if (this.index === 0) return null;
    this.index--;
    return this.entries[this.index] ?? null;
  }

  next(): string | null {
    if (this.index === null) return null;
    this.index++;
    if (this.index >= this.entries.length) {
      const draft = this.draft;
      this.reset();
      return draft;
    }
    return this.entries[this.index] ?? null;
  }

  /** The most recent entry (Esc-Esc edits the previous message). */
  last(): string | null {
    return this.entries[this.entries.length - 1] ?? null;
  }
}
