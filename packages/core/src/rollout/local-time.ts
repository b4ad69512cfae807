/**
 * Local wall-clock time for rollout file names without `Date`'s local getters: in Bun the first
 * local-time conversion loads the ICU time-zone data (~60 ms here), which would sit between
 * start-up and the first model request. Reads the zone's TZif file instead (what libc does):
 * transitions, then the footer's POSIX rule for times past the last transition. Anything unusual
 * falls back to `Date`.
 */
import { readFileSync } from "node:fs";

type Rule = { std: number; dst: number | null; start?: RuleDate; end?: RuleDate };
type RuleDate = { month: number; week: number; day: number; seconds: number };
type Zone = { times: number[]; offsets: number[]; rule: Rule | null; initial: number };

let cached: Zone | null | undefined;

function zoneFile(): string | null {
  if (process.platform === "win32") return null;
  const tz = process.env.TZ;
  if (tz === undefined) return "/etc/localtime";
  const name = tz.startsWith(":") ? tz.slice(1) : tz;
  if (name === "" || name === "UTC" || name === "Etc/UTC" || name === "GMT") return "UTC";
  if (name.startsWith("/")) return name;
  if (/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return `/usr/share/zoneinfo/${name}`;
  return null;
}

function parseOffset(text: string): number | null {
  const m = /^([+-]?)(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? seconds : -seconds; // POSIX offsets are west-positive
}

function parseRuleDate(text: string): RuleDate | null {
  const m = /^M(\d{1,2})\.(\d)\.(\d)(?:\/([+-]?\d{1,3}(?::\d{1,2}){0,2}))?$/.exec(text);
  if (!m) return null;
  const time = m[4] ? parseOffset(m[4]) : -7200;
  if (time === null) return null;
  return { month: Number(m[1]), week: Number(m[2]), day: Number(m[3]), seconds: -time };
}

/** Parses a POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3` or `<+09>-9`. */
export function parsePosixRule(text: string): Rule | null {
  const m =
    /^(<[^>]+>|[A-Za-z]{3,})([^A-Za-z<,]+)(?:(<[^>]+>|[A-Za-z]{3,})([^,]*)?(?:,([^,]+),([^,]+))?)?$/.exec(
      text,
    );
  if (!m?.[2]) return null;
  const stdOffset = parseOffset(m[2]);
  if (stdOffset === null) return null;
  if (!m[3]) return { std: stdOffset, dst: null };
  const dstOffset = m[4] ? parseOffset(m[4]) : stdOffset + 3600;
  const start = m[5] ? parseRuleDate(m[5]) : null;
  const end = m[6] ? parseRuleDate(m[6]) : null;
  if (dstOffset === null || !start || !end) return null;
  return { std: stdOffset, dst: dstOffset, start, end };
}

/** Seconds since the epoch (UTC) of a rule date in `year`, given the offset in force before it. */
function ruleInstant(year: number, rule: RuleDate, offset: number): number {
  const firstDay = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
  let day = 1 + ((rule.day - firstDay + 7) % 7) + (rule.week - 1) * 7;
  const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return Date.UTC(year, rule.month - 1, day) / 1000 + rule.seconds - offset;
}

function ruleOffset(rule: Rule, seconds: number): number {
  if (rule.dst === null || !rule.start || !rule.end) return rule.std;
  const year = new Date(seconds * 1000).getUTCFullYear();
  const start = ruleInstant(year, rule.start, rule.std);
  const end = ruleInstant(year, rule.end, rule.dst);
  const inDst = start < end ? seconds >= start && seconds < end : seconds >= start || seconds < end;
  return inDst ? rule.dst : rule.std;
}

/** Parses a TZif file (version 2+ data block and footer). */
function parseTzif(buf: Buffer): Zone | null {
  if (buf.toString("latin1", 0, 4) !== "TZif" || buf[4] === 0) return null;
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32BE(at + 20 + i * 4));
  const [isut1, isstd1, leap1, time1, type1, char1] = counts(0) as number[];
  const v2 =
    44 +
    (time1 as number) * 5 +
    (type1 as number) * 6 +
    (char1 as number) +
    (leap1 as number) * 8 +
    (isstd1 as number) +
    (isut1 as number);
  if (buf.toString("latin1", v2, v2 + 4) !== "TZif") return null;
  const [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(v2) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  let p = v2 + 44;
  const times: number[] = [];
  for (let i = 0; i < timecnt; i++) times.push(Number(buf.readBigInt64BE(p + i * 8)));
  p += timecnt * 8;
  const indices = Array.from(buf.subarray(p, p + timecnt));
  p += timecnt;
  const typeOffsets: number[] = [];
  for (let i = 0; i < typecnt; i++) typeOffsets.push(buf.readInt32BE(p + i * 6));
  p += typecnt * 6 + charcnt + leap * 12 + isstd + isut;
  const footer = buf.toString("latin1", p).split("\n")[1] ?? "";
  const rule = footer === "" ? null : parsePosixRule(footer);
  if (footer !== "" && rule === null) return null;
  const offsets = indices.map((i) => typeOffsets[i] ?? 0);
  return { times, offsets, rule, initial: typeOffsets[0] ?? 0 };
}

function loadZone(): Zone | null {
  const file = zoneFile();
  if (file === "UTC") return { times: [], offsets: [], rule: { std: 0, dst: null }, initial: 0 };
  if (file === null) return null;
  try {
    return parseTzif(readFileSync(file));
  } catch {
    return null;
  }
}

/** The local UTC offset in seconds at `ms`, or null when it cannot be known cheaply. */
export function localOffsetSeconds(ms: number): number | null {
  if (cached === undefined) cached = loadZone();
  const zone = cached;
  if (!zone) return null;
  const seconds = Math.floor(ms / 1000);
  const { times, offsets } = zone;
  if (times.length > 0 && seconds >= (times[0] as number)) {
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((times[mid] as number) <= seconds) lo = mid;
      else hi = mid - 1;
    }
    if (lo < times.length - 1 || !zone.rule) return offsets[lo] ?? null;
  } else if (times.length > 0 || !zone.rule) {
    return zone.initial;
  }
  return zone.rule ? ruleOffset(zone.rule, seconds) : null;
}

export type LocalParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

/** Local calendar fields of `date` (1-based month). */
export function localParts(date: Date): LocalParts {
  const offset = localOffsetSeconds(date.getTime());
  if (offset === null) {
    return {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
      second: date.getSeconds(),
    };
  }
  const d = new Date(date.getTime() + offset * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
