/**
 * Pages of sessions for the resume picker, newest first. Each file contributes only its head
 * (session_meta and the first user message). A page stops after `maxScan` files so a filter that
 * matches nothing cannot make the picker read every session on disk.
 */
import { matchesFilter, type SessionFilter, type SessionSummary, summarizeRollout } from "./summary.ts";
import { walkRolloutFiles } from "./walk.ts";

export type SessionPage = {
  items: SessionSummary[];
  /** Pass as `cursor` to get the next page; null at the end. */
  nextCursor: string | null;
  scannedFiles: number;
  /** The page ended because `maxScan` files were read, not because sessions ran out. */
  reachedScanCap: boolean;
};

export function listSessions(options: {
  codexHome: string;
  pageSize?: number;
  cursor?: string | null;
  filter?: SessionFilter;
  maxScan?: number;
}): SessionPage {
  const pageSize = options.pageSize ?? 25;
  const maxScan = options.maxScan ?? 2_000;
  const filter = options.filter ?? {};
  const items: SessionSummary[] = [];
  let scannedFiles = 0;
  let lastKey: string | null = null;
  const walk = walkRolloutFiles(options.codexHome, options.cursor ? { before: options.cursor } : {});
  for (const ref of walk) {
    if (scannedFiles >= maxScan) return { items, nextCursor: lastKey, scannedFiles, reachedScanCap: true };
    scannedFiles++;
    lastKey = ref.key;
    const summary = summarizeRollout(ref);
    if (summary && matchesFilter(summary, filter)) {
      items.push(summary);
      if (items.length >= pageSize) {
        const more = !walk.next().done;
        return { items, nextCursor: more ? lastKey : null, scannedFiles, reachedScanCap: false };
      }
    }
  }
  return { items, nextCursor: null, scannedFiles, reachedScanCap: false };
}
