/**
 * Prompt history for Up/Down in the composer: the prompts of earlier sessions, which the session
 * serves one at a time (`get_history_entry_request` by offset into the log `session_configured`
 * named), then the ones sent in this run. An entry not fetched yet is asked for and shown when it
 * arrives, if the user is still on it. The session appends new prompts (`add_to_history`).
 */

/** What Up/Down gives: text to show, an entry to ask the session for, or nothing. */
export type HistoryStep = { text: string } | { fetch: { logId: number; offset: number } } | null;

export class HistoryNavigator {
  private logId = 0;
  /** Entries of the log, counted when the session started (older than everything in `local`). */
  private logCount = 0;
  private readonly fetched = new Map<number, string>();
  private local: string[] = [];
  /** Position over log entries then local ones; null when not browsing. */
  private index: number | null = null;
  private draft = "";
  /** The text last shown, to tell whether the composer still shows a recalled entry. */
  private shown: string | null = null;

  /** The session's log (`history_log_id`, `history_entry_count`). */
  setLog(logId: number, count: number): void {
    if (logId !== this.logId) this.fetched.clear();
    this.logId = logId;
    this.logCount = count;
    this.reset();
  }

  add(text: string): void {
    if (text.trim() && this.local[this.local.length - 1] !== text) this.local.push(text);
    this.reset();
  }

  reset(): void {
    this.index = null;
    this.draft = "";
    this.shown = null;
  }

  /** Whether Up/Down should browse history: the composer is empty or shows a recalled entry. */
  isBrowsing(current: string): boolean {
    return current === "" || (this.index !== null && this.shown === current);
  }

  previous(current: string): HistoryStep {
    const total = this.logCount + this.local.length;
    if (total === 0) return null;
    if (this.index === null) {
      this.draft = current;
      this.index = total;
    }
    if (this.index === 0) return null;
    this.index--;
    return this.step(this.index);
  }

  next(): HistoryStep {
    if (this.index === null) return null;
    this.index++;
    if (this.index >= this.logCount + this.local.length) {
      const draft = this.draft;
      this.reset();
      return { text: draft };
    }
    return this.step(this.index);
  }

  /** An entry the session sent: the text to show now, when the user is still on that entry. */
  receive(logId: number, offset: number, text: string | null): string | null {
    if (logId !== this.logId || text === null) return null;
    this.fetched.set(offset, text);
    if (this.index !== offset) return null;
    this.shown = text;
    return text;
  }

  /** The most recent message of this run (Esc-Esc edits the previous message). */
  last(): string | null {
    return this.local[this.local.length - 1] ?? null;
  }

  private step(index: number): HistoryStep {
    const text = index >= this.logCount ? this.local[index - this.logCount] : this.fetched.get(index);
    if (text === undefined) return { fetch: { logId: this.logId, offset: index } };
    this.shown = text;
    return { text };
  }
}
