/**
 * What the files of a workspace hold at one moment, cheaply: a file git already has (clean,
 * tracked) is its index blob id and is not read; any other file is read once, identified by its git
 * blob id and copied into the blob store, and remembered by its stat so that an unchanged file is
 * not read again at the next capture. Two captures give the changes between them.
 */
import { lstatSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { type Listing, listWorkspace } from "./workspace-scan.ts";

/** A path's state; no entry means the path did not exist. */
export type FileState =
  | { kind: "file"; oid: string; mode: number }
  | { kind: "symlink"; target: string }
  /** Bigger than the snapshot limit: known changed or not (by size and time), not restorable. */
  | { kind: "too_large"; size: number; stat: string };

export type Capture = { root: string; files: Map<string, FileState> };

export type FileChange = { path: string; before: FileState | null; after: FileState | null };

export type SnapshotLimits = {
  /** Files bigger than this are not copied (their changes cannot be undone). */
  maxFileBytes: number;
  /** Bytes copied by one capture at most; beyond, the capture gives up. */
  maxCaptureBytes: number;
  /** Files walked at most outside a git repository. */
  maxFiles: number;
};

const DEFAULT_LIMITS: SnapshotLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxCaptureBytes: 256 * 1024 * 1024,
  maxFiles: 20_000,
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

export class Snapshotter {
  /** Stat key and state of the files read so far, by absolute path. */
  private readonly seen = new Map<string, { stat: string; state: FileState }>();

  constructor(
    private readonly store: BlobStore,
    private readonly limits: SnapshotLimits = DEFAULT_LIMITS,
  ) {}

  /** Captures the workspace holding `cwd`; throws SnapshotError saying why it cannot. */
  capture(cwd: string): Capture {
    const listing: Listing | string = listWorkspace(cwd, { maxFiles: this.limits.maxFiles });
    if (typeof listing === "string") throw new SnapshotError(listing);
    const files = new Map<string, FileState>();
    let copied = 0;
    for (const entry of listing.files) {
      if (entry.indexOid !== null && entry.indexMode !== null && entry.indexMode !== 0o120000) {
        files.set(entry.path, { kind: "file", oid: entry.indexOid, mode: entry.indexMode & 0o777 });
        continue;
      }
      const absolute = join(listing.root, entry.path);
      const read = this.read(absolute);
      if (read === null) continue;
      files.set(entry.path, read.state);
      copied += read.copied;
      if (copied > this.limits.maxCaptureBytes)
        throw new SnapshotError(
          `more than ${this.limits.maxCaptureBytes >> 20} MiB of changed or untracked files to copy`,
        );
    }
    return { root: listing.root, files };
  }

  /** The state of one file (read and stored unless its stat is unchanged); null when it is gone. */
  private read(path: string): { state: FileState; copied: number } | null {
    let stat: import("node:fs").Stats;
    try {
      stat = lstatSync(path);
    } catch {
      return null;
    }
    const key = statKey(stat);
    const known = this.seen.get(path);
    if (known?.stat === key) return { state: known.state, copied: 0 };
    let state: FileState;
    let copied = 0;
    if (stat.isSymbolicLink()) state = { kind: "symlink", target: readlinkSync(path) };
    else if (!stat.isFile()) return null;
    else if (stat.size > this.limits.maxFileBytes) state = { kind: "too_large", size: stat.size, stat: key };
    else {
      const data = readFileSync(path);
      const oid = this.store.put(data);
      state = { kind: "file", oid, mode: stat.mode & 0o777 };
      copied = data.length;
    }
    this.seen.set(path, { stat: key, state });
    return { state, copied };
  }
}

/** What changed from `before` to `after` (same root), path by path. */
export function diffCaptures(before: Capture, after: Capture): FileChange[] {
  const changes: FileChange[] = [];
  const paths = new Set([...before.files.keys(), ...after.files.keys()]);
  for (const path of [...paths].sort()) {
    const a = before.files.get(path) ?? null;
    const b = after.files.get(path) ?? null;
    if (!sameState(a, b)) changes.push({ path, before: a, after: b });
  }
  return changes;
}
