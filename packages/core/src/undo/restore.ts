/**
 * Putting files back as they were before some turns. Nothing is written unless every file can be
 * put back: each must still hold what the last of those turns left in it (otherwise the user, or
 * something else, changed it since: a conflict), and every old content must be at hand (in the blob
 * store, or in git's objects for a file that was clean). Files the turns did not touch are never
 * looked at. Each file is replaced by writing a temporary file beside it and renaming it over.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { RestoredFile } from "@codex/protocol";
import { type BlobStore, gitBlobId } from "./blob-store.ts";
import type { TurnRecord } from "./journal.ts";
import { type FileState, sameState, statKey } from "./snapshot.ts";

/** `node:child_process`, loaded on first use: importing it costs every start (docs/performance.md). */
const childProcess = () => process.getBuiltinModule("node:child_process");

export type RestoreOutcome = { ok: true; files: RestoredFile[] } | { ok: false; problems: string[] };

type Planned = { root: string; path: string; target: FileState | null; expected: FileState | null };

/** The state of `path` now, compared the way snapshots are (content id, mode, link target). */
function currentState(absolute: string, expected: FileState | null): FileState | null {
  let stat: import("node:fs").Stats;
  try {
    stat = lstatSync(absolute);
  } catch {
    return null;
  }
  if (stat.isSymbolicLink()) return { kind: "symlink", target: readlinkSync(absolute) };
  if (!stat.isFile()) return { kind: "too_large", size: stat.size, stat: "not a file" };
  if (expected?.kind === "too_large") return { kind: "too_large", size: stat.size, stat: statKey(stat) };
  return { kind: "file", oid: gitBlobId(readFileSync(absolute)), mode: stat.mode & 0o777 };
}

/**
 * A clean file's content from git's objects, as a checkout of `path` writes it: through the
 * repository's line-ending conversion and smudge filters (`eol=crlf`, Git LFS), since the blob holds
 * the cleaned form and the file that was on disk was the checked-out one.
 */
function gitContent(root: string, path: string, oid: string): Buffer | null {
  const run = childProcess().spawnSync("git", ["cat-file", "--filters", `--path=${path}`, oid], {
    cwd: root,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" },
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 1 << 30,
  });
  return run.status === 0 ? run.stdout : null;
}

/** Per path: the state before the first of `turns` (target) and after the last (expected now). */
function plan(turns: readonly TurnRecord[]): Planned[] {
  const byPath = new Map<string, Planned>();
  for (const turn of turns) {
    if (turn.root === null) continue;
    for (const change of turn.changes) {
      const key = join(turn.root, change.path);
      const known = byPath.get(key);
      if (known) known.expected = change.after;
      else
        byPath.set(key, {
          root: turn.root,
          path: change.path,
          target: change.before,
          expected: change.after,
        });
    }
  }
  return [...byPath.values()];
}

function put(absolute: string, target: FileState, content: Buffer | null): void {
  mkdirSync(dirname(absolute), { recursive: true });
  const temp = join(dirname(absolute), `.codex-undo-${process.pid}-${Date.now()}.tmp`);
  if (target.kind === "symlink") {
    symlinkSync(target.target, temp);
  } else if (target.kind === "file" && content !== null) {
    writeFileSync(temp, content, { mode: target.mode });
    chmodSync(temp, target.mode);
  }
  // A directory where the file was (rare): not ours to delete; the rename below then fails loudly.
  renameSync(temp, absolute);
}

/** Restores the files changed by `turns` (oldest first) to their state before the first of them. */
export function restoreTurns(turns: readonly TurnRecord[], store: BlobStore): RestoreOutcome {
  const problems: string[] = [];
  for (const turn of turns)
    if (turn.unavailable !== null)
      problems.push(`that turn's files were not snapshotted: ${turn.unavailable}`);
  const planned = plan(turns);
  const contents = new Map<string, Buffer>();
  const work: Planned[] = [];
  for (const item of planned) {
    const absolute = join(item.root, item.path);
    const now = currentState(absolute, item.expected);
    if (sameState(now, item.target)) continue; // already as it was
    if (!sameState(now, item.expected)) {
      problems.push(`${absolute} was changed after the turn; it was left as it is`);
      continue;
    }
    if (item.target?.kind === "too_large") {
      problems.push(
        `${absolute} was too large to snapshot (${item.target.size} bytes) and cannot be restored`,
      );
      continue;
    }
    if (item.target?.kind === "file") {
      const content = store.get(item.target.oid) ?? gitContent(item.root, item.path, item.target.oid);
      if (content === null) {
        problems.push(`the earlier content of ${absolute} is no longer stored`);
        continue;
      }
      contents.set(absolute, content);
    }
    work.push(item);
  }
  if (problems.length > 0) return { ok: false, problems };
  const files: RestoredFile[] = [];
  for (const item of work) {
    const absolute = join(item.root, item.path);
    if (item.target === null) {
      rmSync(absolute, { force: true });
      files.push({ path: absolute, action: "removed" });
    } else {
      put(absolute, item.target, contents.get(absolute) ?? null);
      files.push({ path: absolute, action: item.expected === null ? "recreated" : "restored" });
    }
  }
  return { ok: true, files };
}
