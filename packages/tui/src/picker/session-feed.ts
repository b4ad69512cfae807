/**
 * Sessions for the picker, newest first, read a page at a time through core's `listSessions`. Nothing is read until the picker asks for more, and each step reads a
 * bounded number of files, so the picker opens at once with 10,000 sessions on disk and stays
 * responsive to keys while a search or a directory filter looks further back.
 */
import { listSessions } from "@codex/core";

/** What the picker shows of one session (core's `SessionSummary` fits as is). */
export type SessionRow = { id: string; timestamp: string; cwd: string; firstUserMessage: string | null };

type ListFilter = NonNullable<Parameters<typeof listSessions>[0]["filter"]>;
export type SessionSources = NonNullable<ListFilter["sources"]>;

/** Sessions a person started interactively (the TUI and the IDE), as Codex's picker shows them. */
export const INTERACTIVE_SOURCES: SessionSources = ["cli", "vscode", "unknown"];

const PAGE_SIZE = 25;
/** Files read per step at most, so one step stays a few milliseconds long. */
const SCAN_PER_STEP = 60;

export class SessionFeed {
  readonly rows: SessionRow[] = [];
  /** Rollout files read so far (matching or not). */
  scanned = 0;
  done = false;
  error: string | null = null;
  private cursor: string | null = null;
  private readonly seen = new Set<string>();

  constructor(
    private readonly options: { codexHome: string; cwd: string | null; sources: SessionSources | null },
  ) {}

  /** Reads the next page (or up to SCAN_PER_STEP files); returns how many sessions it added. */
  loadNext(): number {
    if (this.done) return 0;
    const filter: ListFilter = {};
    if (this.options.cwd !== null) filter.cwd = this.options.cwd;
    if (this.options.sources !== null) filter.sources = this.options.sources;
    let page: ReturnType<typeof listSessions>;
    try {
      page = listSessions({
        codexHome: this.options.codexHome,
        pageSize: PAGE_SIZE,
        cursor: this.cursor,
        filter,
        maxScan: SCAN_PER_STEP,
      });
    } catch (err) {
      this.error = `could not read sessions: ${err instanceof Error ? err.message : String(err)}`;
      this.done = true;
      return 0;
    }
    this.scanned += page.scannedFiles;
    let added = 0;
    for (const item of page.items) {
      // A session written while the picker is open can shift pages; never show one twice.
      if (this.seen.has(item.id)) continue;
      this.seen.add(item.id);
      this.rows.push({
        id: item.id,
        timestamp: item.timestamp,
        cwd: item.cwd,
        firstUserMessage: item.firstUserMessage,
      });
      added++;
    }
    this.cursor = page.nextCursor;
    this.done = page.nextCursor === null;
    return added;
  }
}
