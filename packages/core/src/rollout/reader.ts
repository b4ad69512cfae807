/**
 * Reads rollout files. Whole-file reads for resuming; head-only reads (the first few lines) for
 * finding and listing sessions. A line torn by a crash, or any line that is not valid JSON of the
 * rollout shape, is skipped and counted: everything complete before it still resumes.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { RolloutCorruptError, RolloutNotFoundError } from "./errors.ts";
import { ROLLOUT_ITEM_TYPES, type RolloutItem, type RolloutLine, type SessionMeta } from "./types.ts";

export type RolloutFile = {
  path: string;
  meta: SessionMeta;
  /** Every item after session_meta, in order (session_meta lines of forks included). */
  items: RolloutItem[];
  /** Lines that could not be read (a torn last line after a crash counts here). */
  skippedLines: number;
  /** The file ended in the middle of a line (the process died while writing it). */
  tornTail: boolean;
};

/** Parses one line; null when it is not a rollout line. */
function parseRolloutLine(line: string): RolloutLine | null {
  if (line.length === 0 || line[0] !== "{") return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const obj = value as Record<string, unknown>;
  if (!ROLLOUT_ITEM_TYPES.includes(obj.type as RolloutLine["type"])) return null;
  if (typeof obj.payload !== "object" || obj.payload === null) return null;
  return {
    timestamp: typeof obj.timestamp === "string" ? obj.timestamp : "",
    type: obj.type,
    payload: obj.payload,
  } as RolloutLine;
}

function isSessionMeta(payload: unknown): payload is SessionMeta {
  const p = payload as Record<string, unknown>;
  return typeof p.id === "string" && p.id.length > 0;
}

/** Reads a whole rollout file. Throws RolloutNotFoundError / RolloutCorruptError with a clear message. */
export function readRolloutFile(path: string): RolloutFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new RolloutNotFoundError(`session file ${path} does not exist`);
    throw new RolloutCorruptError(`cannot read session file ${path}: ${(error as Error).message}`, path);
  }
  const lines = text.split("\n");
  const tornTail = lines.length > 0 && lines[lines.length - 1] !== "";
  let meta: SessionMeta | null = null;
  const items: RolloutItem[] = [];
  let skippedLines = 0;
  for (const raw of lines) {
    if (raw.trim() === "") continue;
    const line = parseRolloutLine(raw);
    if (!line) {
      skippedLines++;
      continue;
    }
    if (meta === null) {
      if (line.type === "session_meta" && isSessionMeta(line.payload)) {
        meta = line.payload;
        continue;
      }
      throw new RolloutCorruptError(
        `session file ${path} is corrupt: it does not start with a session_meta line; start a new session instead`,
        path,
      );
    }
    const { timestamp: _t, ...item } = line;
    items.push(item as RolloutItem);
  }
  if (meta === null) {
    throw new RolloutCorruptError(
      `session file ${path} is empty or corrupt (no session_meta line); start a new session instead`,
      path,
    );
  }
  return { path, meta, items, skippedLines, tornTail };
}

export type RolloutHead = { lines: RolloutLine[]; complete: boolean };

/**
 * Reads up to `maxLines` complete lines from the start of a file, reading at most `maxBytes`
 * (a session_meta line carries AGENTS.md, so it can be tens of kilobytes).
 */
export function readRolloutHead(path: string, options: { maxLines: number; maxBytes?: number }): RolloutHead {
  const maxBytes = options.maxBytes ?? 256 * 1024;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { lines: [], complete: false };
  }
  const lines: RolloutLine[] = [];
  try {
    const chunk = Buffer.alloc(16 * 1024);
    let pending = Buffer.alloc(0);
    let total = 0;
    let eof = false;
    while (lines.length < options.maxLines && total < maxBytes && !eof) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) {
        eof = true;
        break;
      }
      total += n;
      pending =
        pending.length === 0
          ? Buffer.from(chunk.subarray(0, n))
          : Buffer.concat([pending, chunk.subarray(0, n)]);
      let start = 0;
      for (let nl = pending.indexOf(0x0a, start); nl !== -1; nl = pending.indexOf(0x0a, start)) {
        const line = parseRolloutLine(pending.toString("utf8", start, nl));
        start = nl + 1;
        if (line) lines.push(line);
        if (lines.length >= options.maxLines) break;
      }
      pending = pending.subarray(start);
    }
    return { lines, complete: eof };
  } finally {
    closeSync(fd);
  }
}
