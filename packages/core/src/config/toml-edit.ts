/**
 * Comment-preserving edits of TOML text: set one value, remove a key or table, replace a table.
 * Only the lines that define the edited path change; every other byte stays. Every writer of
 * config files (`codex mcp add/remove`, `codex features enable/disable`, project trust, model
 * persistence) goes through here.
 */
import { ConfigError } from "./errors.ts";
import { scanToml, statementPath, type TomlStatement, tomlKey, tomlString } from "./toml-document.ts";

export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

/** A value as TOML writes it (inline tables for nested objects). */
function renderTomlValue(value: TomlValue): string {
  if (typeof value === "string") return tomlString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ConfigError(`cannot write ${value} to a config file`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(renderTomlValue).join(", ")}]`;
  const entries = Object.entries(value).map(([k, v]) => `${tomlKey(k)} = ${renderTomlValue(v)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** The dotted form of a key path, for headers and messages. */
function renderKeyPath(path: readonly string[]): string {
  return path.map(tomlKey).join(".");
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, i) => b[i] === segment);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

const isComment = (s: TomlStatement | undefined) => s?.kind === "trivia" && s.comment;
const isBlank = (s: TomlStatement | undefined) => s?.kind === "trivia" && !s.comment;

type Range = { start: number; end: number; header: boolean };

/**
 * Byte ranges that define `path` or anything under it: headers with their tables, and key
 * statements (optionally with the comment lines directly above each).
 */
function pathRanges(text: string, path: readonly string[], options: { withComments: boolean }): Range[] {
  const statements = scanToml(text);
  const ranges: Range[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as TomlStatement;
    if (s.kind === "trivia" || !startsWith(statementPath(s), path)) continue;
    let start = s.start;
    if (options.withComments) {
      for (let j = i - 1; j >= 0 && isComment(statements[j]); j--)
        start = (statements[j] as TomlStatement).start;
    }
    let end = s.end;
    if (s.kind === "header") {
      // The table runs to the next header, less the comment lines attached to that header.
      let next = i + 1;
      while (next < statements.length && (statements[next] as TomlStatement).kind !== "header") next++;
      let last = next;
      if (next < statements.length) while (last - 1 > i && isComment(statements[last - 1])) last--;
      end = last < statements.length ? (statements[last] as TomlStatement).start : text.length;
      i = next - 1;
    }
    ranges.push({ start, end, header: s.kind === "header" });
  }
  return ranges;
}

/** Removes one range; where that leaves two blank lines together, one goes. */
function cutOne(text: string, range: { start: number; end: number }): string {
  const left = text.slice(0, range.start);
  let right = text.slice(range.end);
  const leftBlank = left === "" || /\n[ \t]*\r?\n$/.test(left);
  if (leftBlank) right = right.replace(/^[ \t]*\r?\n/, "");
  if (right === "" && /\n[ \t]*\r?\n$/.test(left)) return left.replace(/(\r?\n)[ \t]*\r?\n$/, "$1");
  return left + right;
}

function cut(text: string, ranges: Range[]): string {
  let out = text;
  for (const r of [...ranges].sort((a, b) => b.start - a.start)) out = cutOne(out, r);
  return out;
}

function appendBlock(text: string, block: string): string {
  if (text.trim() === "") return block;
  const ended = text.endsWith("\n") ? text : `${text}\n`;
  const gap = /\n[ \t]*\r?\n$/.test(ended) ? "" : "\n";
  return `${ended}${gap}${block}`;
}

/** Removes every definition of `path` and what is under it (with their comments). */
export function removeTomlPath(text: string, path: readonly string[]): { text: string; removed: boolean } {
  const ranges = pathRanges(text, path, { withComments: true });
  if (ranges.length === 0) return { text, removed: false };
  return { text: cut(text, ranges), removed: true };
}

/**
 * Makes `path` the table whose body is `body` (TOML lines, possibly with sub-tables): replaces
 * its first table in place (comments above it stay) and drops its other definitions, or appends.
 */
export function replaceTomlTable(text: string, path: readonly string[], body: string): string {
  const rendered = `[${renderKeyPath(path)}]\n${body}${body.endsWith("\n") || body === "" ? "" : "\n"}`;
  const ranges = pathRanges(text, path, { withComments: false });
  const firstHeader = ranges.find((r) => r.header);
  if (firstHeader) {
    const others = ranges.filter((r) => r !== firstHeader);
    const hadGap = /\n[ \t]*\r?\n$/.test(text.slice(firstHeader.start, firstHeader.end));
    const separator = hadGap && firstHeader.end < text.length ? "\n" : "";
    const replaced = text.slice(0, firstHeader.start) + rendered + separator + text.slice(firstHeader.end);
    const delta = replaced.length - text.length;
    return cut(
      replaced,
      others.map((r) =>
        r.start > firstHeader.start ? { ...r, start: r.start + delta, end: r.end + delta } : r,
      ),
    );
  }
  return appendBlock(ranges.length > 0 ? cut(text, ranges) : text, rendered);
}

/** Where a new `key = value` line for a table goes: after its last key statement. */
function insertionPoint(statements: TomlStatement[], headerIndex: number): number {
  let last = headerIndex;
  for (let i = headerIndex + 1; i < statements.length; i++) {
    const s = statements[i] as TomlStatement;
    if (s.kind === "header") break;
    if (s.kind === "kv") last = i;
  }
  const s = statements[last] as TomlStatement;
  return s.end;
}

function insertLine(text: string, at: number, line: string): string {
  const before = text.slice(0, at);
  const prefix = before === "" || before.endsWith("\n") ? "" : "\n";
  return `${before}${prefix}${line}\n${text.slice(at)}`;
}

/**
 * Sets `path` to `value`. An existing `key = …` statement keeps its place (and a trailing
 * comment); otherwise the key joins its table (top-level keys go before the first table), and a
 * missing table is appended. A parent written as an inline table or a plain value is an error.
 */
export function setTomlValue(text: string, path: readonly string[], value: TomlValue): string {
  if (path.length === 0) throw new ConfigError("cannot set an empty key path");
  const rendered = renderTomlValue(value);
  const statements = scanToml(text);
  const existing = statements.find((s) => s.kind === "kv" && samePath(statementPath(s), path));
  if (existing && existing.kind === "kv") {
    const body = text.slice(existing.valueStart, existing.end);
    const singleLine = !body.replace(/\r?\n$/, "").includes("\n");
    const comment = singleLine ? (/\s+#[^"']*$/.exec(body.replace(/\r?\n$/, ""))?.[0] ?? "") : "";
    const newline = /\r?\n$/.exec(body)?.[0] ?? "";
    return `${text.slice(0, existing.valueStart)} ${rendered}${comment}${newline}${text.slice(existing.end)}`;
  }
  for (const s of statements) {
    if (s.kind !== "kv") continue;
    const full = statementPath(s);
    if (full.length < path.length && startsWith(path, full)) {
      throw new ConfigError(
        `cannot set \`${renderKeyPath(path)}\`: \`${renderKeyPath(full)}\` is written as a single value; edit the file by hand`,
      );
    }
  }
  const parent = path.slice(0, -1);
  const key = tomlKey(path[path.length - 1] as string);
  const line = `${key} = ${rendered}`;
  if (parent.length === 0) {
    const firstHeader = statements.findIndex((s) => s.kind === "header");
    if (firstHeader === -1) return appendTopLevel(text, line);
    let lastKv = -1;
    for (let i = 0; i < firstHeader; i++) if ((statements[i] as TomlStatement).kind === "kv") lastKv = i;
    if (lastKv >= 0) return insertLine(text, (statements[lastKv] as TomlStatement).end, line);
    // No top-level keys yet: before the first header and the comments attached to it.
    let at = firstHeader;
    while (at > 0 && isComment(statements[at - 1])) at--;
    const offset = at < statements.length ? (statements[at] as TomlStatement).start : text.length;
    const needsGap = !isBlank(statements[at - 1]);
    return `${text.slice(0, offset)}${line}\n${needsGap ? "\n" : ""}${text.slice(offset)}`;
  }
  const header = statements.findIndex((s) => s.kind === "header" && !s.array && samePath(s.path, parent));
  if (header >= 0) return insertLine(text, insertionPoint(statements, header), line);
  // A dotted-key table (`features.x = true` at the top level) takes the new key beside it.
  const sibling = statements.findLast(
    (s) => s.kind === "kv" && startsWith(statementPath(s), parent) && s.path.length > 1,
  );
  if (sibling && sibling.kind === "kv") {
    const relative = [...path.slice(sibling.table.length)];
    return insertLine(text, sibling.end, `${renderKeyPath(relative)} = ${rendered}`);
  }
  return appendBlock(text, `[${renderKeyPath(parent)}]\n${line}\n`);
}

function appendTopLevel(text: string, line: string): string {
  if (text.trim() === "") return `${line}\n`;
  return insertLine(text, text.length, line);
}
