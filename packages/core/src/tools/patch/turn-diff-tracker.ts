/**
 * What the patches of one turn changed, as one unified diff. Each file's content is snapshotted
 * the first time a patch touches it; renames are followed by identity (a file moved twice still
 * diffs against its original path). The current state is read back from disk when the diff is
 * asked for, so partial failures and later edits by commands show as they are. The diff made
 * right after a patch takes the texts the patch wrote instead of reading them back, for each file
 * whose stat stamp is still the one it had right after the write; they are let go with that diff
 * (kept for the turn, a large file would be held twice).
 */
import { readFileSync } from "node:fs";
import { renderFileDiff } from "./file-diff.ts";
import { fileStamp } from "./file-stamp.ts";

type Entry = {
  baselinePath: string;
  baselineContent: string | null;
  currentPath: string | null;
  /** The text just written at `currentPath`, and the file's stamp right after; until the next diff. */
  written?: { content: string; stamp: string };
};

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

export class TurnDiffTracker {
  readonly #root: string;
  readonly #entries: Entry[] = [];
  /** The entry whose file currently lives at a path. */
  readonly #byPath = new Map<string, Entry>();

  constructor(options: { root: string }) {
    this.#root = options.root;
  }

  #track(path: string, known?: string): Entry {
    let entry = this.#byPath.get(path);
    if (entry === undefined) {
      entry = { baselinePath: path, baselineContent: known ?? readOrNull(path), currentPath: path };
      this.#entries.push(entry);
      this.#byPath.set(path, entry);
    }
    return entry;
  }

  /**
   * Call before a patch is applied, with every absolute path it may write or remove, and the
   * texts of those already read and unchanged since (they need not be read again).
   */
  beforeApply(paths: readonly string[], known: ReadonlyMap<string, string> = new Map()): void {
    for (const path of paths) this.#track(path, known.get(path));
  }

  /**
   * Call right after a patch wrote these texts (absolute path to text). Paths that name one file
   * (a link, another spelling on a case-insensitive disk) are left out: the file holds the last
   * text written through any of them, and its stamp cannot tell which.
   */
  recordWritten(texts: ReadonlyMap<string, string>): void {
    const stats = [...texts.keys()].map((path) => ({ path, stat: fileStamp(path) }));
    const namesPerFile = new Map<string, number>();
    for (const { stat } of stats)
      if (stat) namesPerFile.set(stat.file, (namesPerFile.get(stat.file) ?? 0) + 1);
    for (const { path, stat } of stats) {
      const entry = this.#byPath.get(path);
      const content = texts.get(path) as string;
      // A text with a lone surrogate is not what lands on disk (it is written as U+FFFD).
      if (
        entry === undefined ||
        stat === null ||
        namesPerFile.get(stat.file) !== 1 ||
        !content.isWellFormed()
      )
        continue;
      entry.written = { content, stamp: stat.stamp };
    }
  }

  #current(entry: Entry): string | null {
    const written = entry.written;
    entry.written = undefined;
    if (entry.currentPath === null) return null;
    if (written !== undefined && written.stamp === fileStamp(entry.currentPath)?.stamp)
      return written.content;
    return readOrNull(entry.currentPath);
  }

  /** Call after a successful patch with its moves (absolute from → to). */
  recordMoves(moves: ReadonlyArray<{ from: string; to: string }>): void {
    for (const { from, to } of moves) {
      if (from === to) continue;
      const moved = this.#track(from);
      const overwritten = this.#byPath.get(to);
      if (overwritten !== undefined && overwritten !== moved) overwritten.currentPath = null;
      this.#byPath.delete(from);
      moved.currentPath = to;
      this.#byPath.set(to, moved);
    }
  }

  /** The turn's changes so far; empty when the files are back to their baselines. */
  unifiedDiff(): string {
    const parts: { key: string; text: string }[] = [];
    for (const entry of this.#entries) {
      const current = this.#current(entry);
      if (entry.baselineContent === null && current === null) continue;
      const text = renderFileDiff({
        oldPath: entry.baselineContent === null ? null : entry.baselinePath,
        newPath: current === null ? null : entry.currentPath,
        oldContent: entry.baselineContent,
        newContent: current,
        root: this.#root,
      });
      if (text !== "") parts.push({ key: entry.baselinePath, text });
    }
    parts.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    return parts.map((p) => p.text).join("");
  }
}

/** One tracker per turn, keyed by the turn's abort signal (each turn has its own). */
const trackers = new WeakMap<AbortSignal, TurnDiffTracker>();

export function turnDiffTrackerFor(signal: AbortSignal, root: string): TurnDiffTracker {
  let tracker = trackers.get(signal);
  if (tracker === undefined) {
    tracker = new TurnDiffTracker({ root });
    trackers.set(signal, tracker);
  }
  return tracker;
}
