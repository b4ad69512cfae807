/**
 * Keeps `$CODEX_HOME/undo` from growing forever. A session's file history can only ever be used by
 * that session while it runs, or after `resume` of its rollout. So its folder is removed when no
 * running session uses it (live-marker.ts) and either its rollout file is gone (nothing can resume
 * it) or it has not been used for KEEP_DAYS (resuming it then rewinds the conversation, but no
 * longer its files; restore says so). Rollouts in `$CODEX_HOME/sessions` are never removed, as in
 * Codex 0.169.
 *
 * Cheap by construction: at most once a day (a stamp file's time), as a session's first turn starts
 * (once its request has left), a bounded number of folders looked at, and removal done by moving
 * the folder aside synchronously and deleting it in the background.
 */
import { readdirSync, renameSync, rm, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isUuid } from "../rollout/paths.ts";
import { walkRolloutFiles } from "../rollout/walk.ts";
import { isLive } from "./live-marker.ts";

const DAY_MS = 86_400_000;
/** Days a session's file history is kept after its last use when its rollout still exists. */
export const KEEP_DAYS = 30;
const STAMP = ".last-prune";
export const PRUNE_EVERY_MS = DAY_MS;
/** Folders looked at per run (from a random start, so large stores are covered over runs). */
const MAX_EXAMINED = 500;
const TRASH_PREFIX = ".trash-";

/** The newest time anything in the session's folder was written: a turn, a capture, a marker. */
function lastUse(dir: string): number {
  let newest = 0;
  for (const name of [".", "journal.jsonl", "blobs"]) {
    try {
      newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
    } catch {
      // not written yet
    }
  }
  return newest;
}

function removeInBackground(path: string): void {
  rm(path, { recursive: true, force: true }, () => undefined);
}

/** Moves a session's folder aside and deletes it, unless a session marked it live meanwhile. */
function removeSessionFolder(root: string, name: string, now: number): void {
  const trash = join(root, `${TRASH_PREFIX}${name}-${process.pid}`);
  try {
    renameSync(join(root, name), trash);
  } catch {
    return; // gone already, or another process is pruning it
  }
  if (isLive(trash, { now, foreignMarkerMs: KEEP_DAYS * DAY_MS })) {
    try {
      renameSync(trash, join(root, name)); // resumed at that moment: give it back
      return;
    } catch {
      // the session already made a new folder: this one is no longer what it uses
    }
  }
  removeInBackground(trash);
}

/** Prunes `$CODEX_HOME/undo` if it was not done in the last day. Never throws. */
export function pruneUndo(codexHome: string): void {
  const now = Date.now();
  const root = join(codexHome, "undo");
  const stamp = join(root, STAMP);
  try {
    if (statSync(stamp).mtimeMs > now - PRUNE_EVERY_MS) return;
  } catch {
    // never pruned (or no undo folder yet)
  }
  let names: string[];
  try {
    names = readdirSync(root);
    writeFileSync(stamp, "");
    utimesSync(stamp, new Date(now), new Date(now));
  } catch {
    return;
  }
  let sessionsWithRollout: Set<string> | null = null;
  const hasRollout = (id: string) => {
    sessionsWithRollout ??= new Set(Array.from(walkRolloutFiles(codexHome), (ref) => ref.sessionId));
    return sessionsWithRollout.has(id);
  };
  const start = Math.floor(Math.random() * names.length);
  for (let i = 0; i < Math.min(names.length, MAX_EXAMINED); i++) {
    const name = names[(start + i) % names.length] as string;
    if (name.startsWith(TRASH_PREFIX)) {
      removeInBackground(join(root, name)); // left by a run that did not finish
      continue;
    }
    if (!isUuid(name)) continue; // not a session's folder
    const dir = join(root, name);
    if (isLive(dir, { now, foreignMarkerMs: KEEP_DAYS * DAY_MS })) continue;
    const stale = lastUse(dir) < now - KEEP_DAYS * DAY_MS;
    if (stale || !hasRollout(name.toLowerCase())) removeSessionFolder(root, name, now);
  }
}
