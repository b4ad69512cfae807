/**
 * Locating one session: by id, or the newest. Neither scans every session ever written: `--last`
 * stops at the first valid file of the newest day directory; an id made by this program (UUID v7)
 * names its own day, so only that directory is listed. Other ids fall back to listing directory
 * names (never file contents), newest first.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RolloutNotFoundError } from "./errors.ts";
import { dayParts, isUuid, sessionsDir, uuidV7Time } from "./paths.ts";
import { matchesFilter, type SessionFilter, type SessionSummary, summarizeRollout } from "./summary.ts";
import { rolloutFilesIn, walkDayDirs, walkRolloutFiles } from "./walk.ts";

const DAY_MS = 86_400_000;

function findInDay(dayDir: string, id: string): string | null {
  for (const ref of rolloutFilesIn(dayDir)) if (ref.sessionId === id) return ref.path;
  return null;
}

/** Path of the rollout file of session `id`, or null when there is none. */
export function findRolloutPathById(codexHome: string, id: string): string | null {
  const wanted = id.trim().toLowerCase();
  if (!isUuid(wanted)) return null;
  const root = sessionsDir(codexHome);
  const tried = new Set<string>();
  const created = uuidV7Time(wanted);
  if (created !== null) {
    // The file's directory is the local date at creation; look at that day and its neighbours
    // (clock or time-zone changes between creating the id and naming the file).
    for (const offset of [0, -DAY_MS, DAY_MS]) {
      const dayDir = join(root, ...dayParts(new Date(created + offset)));
      tried.add(dayDir);
      if (!existsSync(dayDir)) continue;
      const found = findInDay(dayDir, wanted);
      if (found) return found;
    }
  }
  for (const [dayDir] of walkDayDirs(codexHome)) {
    if (tried.has(dayDir)) continue;
    const found = findInDay(dayDir, wanted);
    if (found) return found;
  }
  return null;
}

/** The newest session matching `filter` (by start time), or null when there is none. */
export function findNewestSession(codexHome: string, filter: SessionFilter = {}): SessionSummary | null {
  for (const ref of walkRolloutFiles(codexHome)) {
    const summary = summarizeRollout(ref);
    if (summary && matchesFilter(summary, filter)) return summary;
  }
  return null;
}

/** Like findRolloutPathById, but throws an error that says what to do. */
export function requireRolloutPathById(codexHome: string, id: string): string {
  if (!isUuid(id.trim())) {
    throw new RolloutNotFoundError(
      `"${id}" is not a session id (expected a UUID such as 0199a213-81c0-7800-8aa1-bbab2a035a53)`,
    );
  }
  const path = findRolloutPathById(codexHome, id);
  if (!path) {
    throw new RolloutNotFoundError(
      `no saved session with id ${id} in ${sessionsDir(codexHome)}; run \`codex resume\` to pick one`,
    );
  }
  return path;
}
