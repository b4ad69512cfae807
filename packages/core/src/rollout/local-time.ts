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
  if (isZoneName(name)) return `/usr/share/zoneinfo/${name}`;
  return null;
}

// No regular expressions below: this runs on every `codex exec`, and the first regular expression
// a process runs costs it ~1.4 MiB (docs/performance.md).
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));

/** `Area/Location` names: letters and `_` first, then `/`-separated parts of letters, digits, `_+-`. */
function isZoneName(name: string): boolean {
  const [first, ...rest] = name.split("/");
  const ok = (part: string, extra: (c: string) => boolean) =>
    part.length > 0 && [...part].every((c) => isLetter(c) || c === "_" || extra(c));
  return ok(first!, () => false) && rest.every((part) => ok(part, (c) => isDigit(c) || "+-".includes(c)));
}

/** 1 or 2 digits at `text[at]`: the number and where it ends, or null. */
function digits(text: string, at: number): [number, number] | null {
  if (!isDigit(text[at])) return null;
  const end = isDigit(text[at + 1]) ? at + 2 : at + 1;
  return [Number(text.slice(at, end)), end];
}

/** `[+-]hh[:mm[:ss]]`, in seconds east of UTC (POSIX offsets are west-positive), or null. */
function parseOffset(text: string): number | null {
  const negative = text[0] === "-";
  let at = text[0] === "-" || text[0] === "+" ? 1 : 0;
  const parts: number[] = [];
  for (;;) {
    const part = digits(text, at);
    if (part === null) return null;
    parts.push(part[0]);
    at = part[1];
    if (at === text.length) break;
    if (text[at] !== ":" || parts.length === 3) return null;
    at++;
  }
  const seconds = parts[0]! * 3600 + (parts[1] ?? 0) * 60 + (parts[2] ?? 0);
  return negative ? seconds : -seconds;
}

/** `Mm.w.d[/time]` (the only form zone files use), or null. */
function parseRuleDate(text: string): RuleDate | null {
  const [date, time, extra] = text.split("/");
  if (extra !== undefined || !date?.startsWith("M")) return null;
  const [month, week, day, more] = date.slice(1).split(".");
  const single = (field: string | undefined) => field?.length === 1 && isDigit(field);
  if (more !== undefined || !single(week) || !single(day)) return null;
  if (!month || month.length > 2 || ![...month].every(isDigit)) return null;
  const at = time === undefined ? -7200 : parseOffset(time);
  if (at === null) return null;
  return { month: Number(month), week: Number(week), day: Number(day), seconds: -at };
}

/** A zone abbreviation at `text[at]` (`<...>`, or three letters or more): where it ends, or -1. */
function abbreviationEnd(text: string, at: number): number {
  if (text[at] === "<") {
    const close = text.indexOf(">", at + 1);
    return close > at + 1 ? close + 1 : -1;
  }
  let end = at;
  while (isLetter(text[end])) end++;
  return end - at >= 3 ? end : -1;
}

/** Parses a POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3` or `<+09>-9`. */
export function parsePosixRule(text: string): Rule | null {
  const stdEnd = abbreviationEnd(text, 0);
  if (stdEnd < 0) return null;
  let at = stdEnd;
  while (at < text.length && !isLetter(text[at]) && text[at] !== "<" && text[at] !== ",") at++;
  const stdOffset = at > stdEnd ? parseOffset(text.slice(stdEnd, at)) : null;
  if (stdOffset === null) return null;
  if (at === text.length) return { std: stdOffset, dst: null };
  const dstEnd = abbreviationEnd(text, at);
  if (dstEnd < 0) return null;
  const comma = text.indexOf(",", dstEnd);
  const dstText = text.slice(dstEnd, comma < 0 ? text.length : comma);
  const dstOffset = dstText === "" ? stdOffset + 3600 : parseOffset(dstText);
  const [startText, endText, extra] = comma < 0 ? [] : text.slice(comma + 1).split(",");
  if (extra !== undefined || !startText || !endText) return null;
  const start = parseRuleDate(startText);
  const end = parseRuleDate(endText);
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
