/**
 * Which undo folders a running codex process is using, so pruning (prune.ts) never removes the
 * file history of a live session, in this process or another. A session marks its folder with
 * `live-<pid>@<host>` while it runs (refreshed at each turn, removed at shutdown); a marker whose
 * process is gone is stale. A crash leaves a stale marker behind, which pruning then ignores.
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { hostName } from "../os-facts.ts";

const markerName = () => `live-${process.pid}@${hostName()}`;

/** Marks `dir` as in use by this process (creating the marker, or refreshing its time). */
export function markLive(dir: string): void {
  const path = join(dir, markerName());
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    closeSync(openSync(path, "a", 0o600));
  }
}

export function unmarkLive(dir: string): void {
  rmSync(join(dir, markerName()), { force: true });
}

/** `live-<pid>@<host>`, or null for another file. */
function parseMarker(name: string): { pid: number; host: string } | null {
  const at = name.indexOf("@");
  if (!name.startsWith("live-") || at < 6 || at === name.length - 1) return null;
  const pid = name.slice(5, at);
  if (![...pid].every((c) => c >= "0" && c <= "9")) return null;
  if ([..."\n\r\u2028\u2029"].some((c) => name.includes(c))) return null;
  return { pid: Number(pid), host: name.slice(at + 1) };
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // someone else's process: it runs
  }
}

/**
 * Whether a live session may still use `dir`. A marker of this machine counts while its process
 * runs (a reused pid only keeps the folder longer). One of another machine sharing `$CODEX_HOME`
 * cannot be checked: it counts while refreshed within `foreignMarkerMs`.
 */
export function isLive(dir: string, options: { now: number; foreignMarkerMs: number }): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  const host = hostName();
  for (const name of names) {
    const marker = parseMarker(name);
    if (marker === null) continue;
    if (marker.host === host) {
      if (processRuns(marker.pid)) return true;
      continue;
    }
    try {
      if (statSync(join(dir, name)).mtimeMs > options.now - options.foreignMarkerMs) return true;
    } catch {
      // removed meanwhile: its session ended
    }
  }
  return false;
}
