/**
 * Where rollout files live and how they are named:
 * `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<uuid>.jsonl`, in local time as
 * Codex CLI names them. Names sort by creation time, which is what lets lookups stop early.
 */
import { join } from "node:path";
import { localParts } from "./local-time.ts";

const SESSIONS_SUBDIR = "sessions";

const FILE_RE =
  /^rollout-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

export function sessionsDir(codexHome: string): string {
  return join(codexHome, SESSIONS_SUBDIR);
}

/** 8-4-4-4-12 hexadecimal digits, either case. No regular expression: undo's pruning runs this on
 * every session's first turn (docs/performance.md, exec's memory). */
export function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    const hyphen = i === 8 || i === 13 || i === 18 || i === 23;
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (hyphen ? c !== 45 : !hex) return false;
  }
  return true;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** The `YYYY/MM/DD` directory parts for a moment, in local time. */
export function dayParts(date: Date): [string, string, string] {
  const t = localParts(date);
  return [pad(t.year, 4), pad(t.month), pad(t.day)];
}

/** `rollout-2025-10-17T12-34-56-<uuid>.jsonl` for a session started at `date` (local time). */
function rolloutFileName(date: Date, sessionId: string): string {
  const t = localParts(date);
  const day = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  const time = `${pad(t.hour)}-${pad(t.minute)}-${pad(t.second)}`;
  return `rollout-${day}T${time}-${sessionId.toLowerCase()}.jsonl`;
}

/** Full path of the rollout file for a session started at `date`. */
export function rolloutPath(codexHome: string, date: Date, sessionId: string): string {
  return join(sessionsDir(codexHome), ...dayParts(date), rolloutFileName(date, sessionId));
}

export type ParsedRolloutName = { sortKey: string; sessionId: string };

/** Reads the start time (as a sortable key) and the session id out of a rollout file name. */
export function parseRolloutFileName(name: string): ParsedRolloutName | null {
  const m = FILE_RE.exec(name);
  if (!m) return null;
  return {
    sortKey: `${m[1]}-${m[2]}-${m[3]}T${m[4]}-${m[5]}-${m[6]}`,
    sessionId: (m[7] as string).toLowerCase(),
  };
}

/**
 * A new session id: a UUID version 7 (time-ordered, as Codex CLI uses). Its first 48 bits are the
 * creation time in milliseconds, which lets `findRolloutById` go straight to the right day directory.
 */
export function newSessionId(now: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The creation time of a version 7 UUID in milliseconds, or null for other versions. */
export function uuidV7Time(id: string): number | null {
  if (!isUuid(id) || id[14] !== "7") return null;
  const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  return Number.isFinite(ms) ? ms : null;
}
