/**
 * `$CODEX_HOME/history.jsonl`: every prompt the user typed in the TUI, across sessions, one
 * `{"session_id","ts","text"}` line each (`ts` in Unix seconds), for Up/Down recall. Owner-only
 * (0600), appended with a single `O_APPEND` write under an advisory lock, and not written at all
 * when `history.persistence = "none"`.
 */
import { closeSync, fchmodSync, fstatSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { withFileLock } from "../locks/flock.ts";

const HISTORY_FILENAME = "history.jsonl";

export type HistoryEntry = { session_id: string; ts: number; text: string };
export type HistoryPersistence = "save-all" | "none";

export function historyFilePath(codexHome: string): string {
  return join(codexHome, HISTORY_FILENAME);
}

/** Appends one prompt. A no-op with persistence "none". Throws only on I/O errors. */
export async function appendHistoryEntry(options: {
  codexHome: string;
  sessionId: string;
  text: string;
  persistence: HistoryPersistence;
  now?: Date;
}): Promise<void> {
  if (options.persistence === "none") return;
  const entry: HistoryEntry = {
    session_id: options.sessionId,
    ts: Math.floor((options.now ?? new Date()).getTime() / 1000),
    text: options.text,
  };
  const line = Buffer.from(`${JSON.stringify(entry)}\n`, "utf8");
  const fd = openSync(historyFilePath(options.codexHome), "a", 0o600);
  try {
    if ((fstatSync(fd).mode & 0o777) !== 0o600) fchmodSync(fd, 0o600);
    await withFileLock(fd, () => {
      let offset = 0;
      while (offset < line.length) offset += writeSync(fd, line, offset, line.length - offset);
    });
  } finally {
    closeSync(fd);
  }
}

export type HistoryMetadata = {
  /** Identifies the file (its inode): entries are looked up against the file they were counted in. */
  logId: number;
  entryCount: number;
};

type LineIndex = { logId: number; size: number; mtimeMs: number; text: string; starts: number[] };
let cache: LineIndex | null = null;

function indexFile(codexHome: string): LineIndex | null {
  const path = historyFilePath(codexHome);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  if (cache && cache.logId === st.ino && cache.size === st.size && cache.mtimeMs === st.mtimeMs) return cache;
  const text = readFileSync(path, "utf8");
  const starts: number[] = [];
  let start = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
    if (nl > start) starts.push(start);
    start = nl + 1;
  }
  cache = { logId: st.ino, size: st.size, mtimeMs: st.mtimeMs, text, starts };
  return cache;
}

/** Number of complete entries and the file's identity (0/0 when there is no history yet). */
export function historyMetadata(codexHome: string): HistoryMetadata {
  const index = indexFile(codexHome);
  return index ? { logId: index.logId, entryCount: index.starts.length } : { logId: 0, entryCount: 0 };
}

/**
 * The entry at `offset` (0 = oldest) of the file identified by `logId`; null when the offset is
 * out of range, the line is unreadable, or the file was replaced since `historyMetadata`.
 */
export function historyEntry(
  codexHome: string,
  query: { logId: number; offset: number },
): HistoryEntry | null {
  const index = indexFile(codexHome);
  if (!index || index.logId !== query.logId) return null;
  const start = index.starts[query.offset];
  if (start === undefined) return null;
  const end = index.text.indexOf("\n", start);
  try {
    const value = JSON.parse(index.text.slice(start, end === -1 ? undefined : end)) as HistoryEntry;
    return typeof value.text === "string" ? value : null;
  } catch {
    return null;
  }
}

/**
 * The history log named in `session_configured` for Up/Down recall: none (0/0) when the front end
 * did not ask for it (counting reads the whole file), history is off, or the file is unreadable.
 */
export function sessionHistoryLog(
  config: { codexHome: string; history: { persistence: string } },
  options: { wanted: boolean },
): { history_log_id: number; history_entry_count: number } {
  if (!options.wanted || config.history.persistence === "none")
    return { history_log_id: 0, history_entry_count: 0 };
  try {
    const meta = historyMetadata(config.codexHome);
    return { history_log_id: meta.logId, history_entry_count: meta.entryCount };
  } catch {
    // An unreadable history file: recall starts empty, the session goes on.
    return { history_log_id: 0, history_entry_count: 0 };
  }
}
