/**
 * What the patches of one turn changed, as one unified diff. Each file's content is snapshotted
 * the first time a patch touches it; renames are followed by identity (a file moved twice still
 * diffs against its original path). The current state is read back from disk when the diff is
 * asked for, so partial failures and later edits by commands show as they are.
 */
import { readFileSync } from "node:fs";
import { renderFileDiff } from "./file-diff.ts";

type Entry = { baselinePath: string; baselineContent: string | null; currentPath: string | null };

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

  #track(path: string): Entry {
    let entry = this.#byPath.get(path);
    if (entry === undefined) {
      entry = { baselinePath: path, baselineContent: readOrNull(path), currentPath: path };
      this.#entries.push(entry);
      this.#byPath.set(path, entry);
    }
    return entry;
  }

  /** Call before a patch is applied, with every absolute path it may write or remove. */
  beforeApply(paths: readonly string[]): void {
    for (const path of paths) this.#track(path);
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
      const current = entry.currentPath === null ? null : readOrNull(entry.currentPath);
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
