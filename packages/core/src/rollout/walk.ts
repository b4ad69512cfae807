/**
 * Walks `sessions/YYYY/MM/DD/rollout-*.jsonl` newest first, lazily: each directory is read only when
 * the walk reaches it, so a caller that stops at the first match reads one or two directories no
 * matter how many sessions are on disk.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseRolloutFileName, sessionsDir } from "./paths.ts";

export type RolloutFileRef = {
  path: string;
  /** File name without `.jsonl`; compares in time order across the whole tree. */
  key: string;
  sessionId: string;
};

function listDesc(dir: string, pattern: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => pattern.test(n)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

/** Rollout file key (`rollout-<time>-<uuid>`) as used for cursors. */
function rolloutKey(fileName: string): string {
  return fileName.endsWith(".jsonl") ? fileName.slice(0, -".jsonl".length) : fileName;
}

/** Every day directory, newest first, as `[path, "YYYY-MM-DD"]`. */
export function* walkDayDirs(codexHome: string): Generator<[string, string]> {
  const root = sessionsDir(codexHome);
  for (const year of listDesc(root, /^\d{4}$/)) {
    const yearDir = join(root, year);
    for (const month of listDesc(yearDir, /^\d{2}$/)) {
      const monthDir = join(yearDir, month);
      for (const day of listDesc(monthDir, /^\d{2}$/)) yield [join(monthDir, day), `${year}-${month}-${day}`];
    }
  }
}

/** Rollout files in one day directory, newest first. */
export function rolloutFilesIn(dayDir: string): RolloutFileRef[] {
  const out: RolloutFileRef[] = [];
  for (const name of listDesc(dayDir, /^rollout-.*\.jsonl$/)) {
    const parsed = parseRolloutFileName(name);
    if (parsed) out.push({ path: join(dayDir, name), key: rolloutKey(name), sessionId: parsed.sessionId });
  }
  return out;
}

/**
 * Rollout files newest first. With `before`, starts strictly after that key (a page cursor) and
 * skips whole days that are newer than it without reading them.
 */
export function* walkRolloutFiles(
  codexHome: string,
  options: { before?: string } = {},
): Generator<RolloutFileRef> {
  const before = options.before;
  const beforeDay = before ? before.slice("rollout-".length, "rollout-".length + 10) : null;
  for (const [dayDir, day] of walkDayDirs(codexHome)) {
    if (beforeDay !== null && day > beforeDay) continue;
    for (const ref of rolloutFilesIn(dayDir)) {
      if (before !== undefined && ref.key >= before) continue;
      yield ref;
    }
  }
}
