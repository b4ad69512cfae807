/**
 * What the files of a workspace hold at one moment, cheaply: a file git already has (clean,
 * tracked) is its index blob id and is not read; any other file is read once, identified by its git
 * blob id and copied into the blob store, and remembered by its stat so that an unchanged file is
 * not read again at the next capture. Two captures give the changes between them.
 */
import { lstatSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { type IndexedFile, type Listing, WorkspaceLister } from "./workspace-scan.ts";

/** A path's state; no entry means the path did not exist. */
export type FileState =
  | { kind: "file"; oid: string; mode: number }
  | { kind: "symlink"; target: string }
  /** Bigger than the snapshot limit: known changed or not (by size and time), not restorable. */
  | { kind: "too_large"; size: number; stat: string };

/**
 * The files of a workspace at one moment: what was read from disk (null: the path was gone), and
 * for every other path the index's entry. Captures with the same `indexed` object differ only in
 * paths that one of them read, which keeps comparing them proportional to the files in play.
 */
export type Capture = {
  root: string;
  indexed: ReadonlyMap<string, IndexedFile>;
  read: ReadonlyMap<string, FileState | null>;
};

function stateIn(capture: Capture, path: string): FileState | null {
  const read = capture.read.get(path);
  return read !== undefined ? read : (capture.indexed.get(path) ?? null);
}

export type FileChange = { path: string; before: FileState | null; after: FileState | null };

export type SnapshotLimits = {
  /** Files bigger than this are not copied (their changes cannot be undone). */
  maxFileBytes: number;
  /** Bytes copied by one capture at most; beyond, the capture gives up. */
  maxCaptureBytes: number;
  /** Entries (files and folders) walked at most outside a git repository. */
  maxEntries: number;
};

const DEFAULT_LIMITS: SnapshotLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxCaptureBytes: 256 * 1024 * 1024,
  maxEntries: 20_000,
};

export function sameState(a: FileState | null, b: FileState | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === "file" && b.kind === "file") return a.oid === b.oid && a.mode === b.mode;
  if (a.kind === "symlink" && b.kind === "symlink") return a.target === b.target;
  if (a.kind === "too_large" && b.kind === "too_large") return a.stat === b.stat;
  return false;
}

/** Size, times, inode and mode: when all are unchanged the content is taken as unchanged. */
export function statKey(stat: import("node:fs").Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}:${stat.mode}`;
}

class SnapshotError extends Error {
  override name = "SnapshotError";
}

/**
 * How long after its last change a file's stat is trusted to stand for its content. A file changed
 * again within one tick of the file system's clock (coarse: a few ms on Linux, 2 s on FAT) can keep
 * its size and times; git calls such entries "racily clean". Files changed this recently are read
 * again at every capture instead.
 */
const SETTLED_MS = 3_000;

export class Snapshotter {
  /** Stat key and state of the files read so far whose stat can be trusted, by absolute path. */
  private readonly seen = new Map<string, { stat: string; state: FileState }>();
  private readonly lister: WorkspaceLister;

  constructor(
    private readonly store: BlobStore,
    private readonly limits: SnapshotLimits = DEFAULT_LIMITS,
  ) {
    this.lister = new WorkspaceLister({ maxEntries: limits.maxEntries });
  }

  /**
   * Captures the workspace holding `cwd`; rejects with a SnapshotError saying why it cannot. Every
   * path is looked at (lstat) before anything is copied, so a capture over the copy budget copies
   * nothing: a refused capture must not leave part of the budget behind, or each later turn would
   * copy the next part and the store would end up holding every untracked file.
   */
  async capture(cwd: string): Promise<Capture> {
    const listing: Listing | string = await this.lister.list(cwd);
    if (typeof listing === "string") throw new SnapshotError(listing);
    const lookedAt = Date.now();
    const looked = listing.toRead.map((path) => ({ path, look: this.look(join(listing.root, path)) }));
    let toCopy = 0;
    for (const { look } of looked) if (look?.kind === "copy") toCopy += look.stat.size;
    if (toCopy > this.limits.maxCaptureBytes)
      throw new SnapshotError(
        `more than ${this.limits.maxCaptureBytes >> 20} MiB of changed or untracked files to copy`,
      );
    const read = new Map<string, FileState | null>();
    for (const { path, look } of looked)
      read.set(path, this.settle(join(listing.root, path), look, lookedAt));
    return { root: listing.root, indexed: listing.indexed, read };
  }

  /** What a path needs: nothing (gone, or known by its stat), its state as is, or a copy. */
  private look(path: string): Look {
    let stat: import("node:fs").Stats;
    try {
      stat = lstatSync(path);
    } catch {
      return null;
    }
    const key = statKey(stat);
    const known = this.seen.get(path);
    if (known?.stat === key) return { kind: "known", state: known.state };
    if (stat.isSymbolicLink()) return { kind: "symlink", stat, key };
    if (!stat.isFile()) return null;
    if (stat.size > this.limits.maxFileBytes)
      return { kind: "state", stat, key, state: { kind: "too_large", size: stat.size, stat: key } };
    return { kind: "copy", stat, key };
  }

  /**
   * The state of one looked-at path (read and stored when it needs a copy); null when it is gone.
   * Its stat stands for its content later only if it had not changed for a while when looked at.
   */
  private settle(path: string, look: Look, lookedAt: number): FileState | null {
    if (look === null) return null;
    if (look.kind === "known") return look.state;
    let state: FileState;
    try {
      if (look.kind === "symlink") state = { kind: "symlink", target: readlinkSync(path) };
      else if (look.kind === "state") state = look.state;
      else state = { kind: "file", oid: this.store.put(readFileSync(path)), mode: look.stat.mode & 0o777 };
    } catch (error) {
      // Removed between the look and the read; any other failure refuses the capture as before.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    const settled = Math.max(look.stat.mtimeMs, look.stat.ctimeMs) < lookedAt - SETTLED_MS;
    if (settled) this.seen.set(path, { stat: look.key, state });
    else this.seen.delete(path);
    return state;
  }
}

type Look =
  | null
  | { kind: "known"; state: FileState }
  | { kind: "symlink"; stat: import("node:fs").Stats; key: string }
  | { kind: "state"; stat: import("node:fs").Stats; key: string; state: FileState }
  | { kind: "copy"; stat: import("node:fs").Stats; key: string };

/** What changed from `before` to `after` (same root), path by path, sorted by path. */
export function diffCaptures(before: Capture, after: Capture): FileChange[] {
  // With the same index only paths read by either capture can differ; otherwise every path can.
  const paths = new Set([...before.read.keys(), ...after.read.keys()]);
  if (before.indexed !== after.indexed)
    for (const map of [before.indexed, after.indexed]) for (const path of map.keys()) paths.add(path);
  const changes: FileChange[] = [];
  for (const path of paths) {
    const a = stateIn(before, path);
    const b = stateIn(after, path);
    if (!sameState(a, b)) changes.push({ path, before: a, after: b });
  }
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
