/**
 * A line scanner over TOML text that keeps byte positions, for the two jobs that need the text
 * rather than the parsed value: targeted edits that leave every other byte alone (comments, blank
 * lines, key order, quoting) and diagnostics that point at `file:line:column`.
 *
 * It finds, outside strings and multi-line values, table headers (`[a.b]`, `[[a]]`), key/value
 * statements (values may span lines) and trivia (blank and comment lines). It is not a TOML
 * parser: the text is assumed to parse (smol-toml has checked it before anything edits it).
 */

export type TomlStatement =
  | {
      kind: "header";
      /** The table's key path. */
      path: string[];
      /** `[[array]]` header. */
      array: boolean;
      start: number;
      end: number;
      /** Offsets of the key text inside the brackets. */
      keyStart: number;
      keyEnd: number;
    }
  | {
      kind: "kv";
      /** The key path as written (relative to `table`). */
      path: string[];
      /** The path of the table the statement is in. */
      table: string[];
      start: number;
      end: number;
      keyStart: number;
      keyEnd: number;
      /** Offset just after `=`. */
      valueStart: number;
    }
  | { kind: "trivia"; comment: boolean; start: number; end: number };

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A key as TOML writes it: bare when it can be, else a quoted string. */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : tomlString(key);
}

export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, "\\u007f");
}

/** Parses a dotted key (`a."b.c".'d'`); null when it is not one. */
function parseKeyPath(text: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  };
  for (;;) {
    skip();
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      let raw = "";
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\") {
          raw += text.slice(j, j + 2);
          j += 2;
        } else raw += text[j++];
      }
      if (j >= text.length) return null;
      try {
        out.push(JSON.parse(`"${raw}"`) as string);
      } catch {
        return null;
      }
      i = j + 1;
    } else if (c === "'") {
      const j = text.indexOf("'", i + 1);
      if (j === -1) return null;
      out.push(text.slice(i + 1, j));
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i));
      if (!m) return null;
      out.push(m[0]);
      i += m[0].length;
    }
    skip();
    if (i >= text.length) return out;
    if (text[i] !== ".") return null;
    i++;
  }
}

/** Index just past the value that starts at `pos` (which may run over several lines). */
function valueEnd(text: string, pos: number): number {
  let depth = 0;
  let i = pos;
  while (i < text.length) {
    const c = text[i];
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      const quote = text.slice(i, i + 3);
      let j = i + 3;
      for (;;) {
        const k = text.indexOf(quote, j);
        if (k === -1) return text.length;
        if (quote === '"""' && text[k - 1] === "\\" && text[k - 2] !== "\\") {
          j = k + 1;
          continue;
        }
        i = k + 3;
        while (text[i] === quote[0]) i++;
        break;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += c === '"' && text[j] === "\\" ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      if (nl === -1) return text.length;
      i = nl;
      continue;
    }
    if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "\n" && depth <= 0) return i + 1;
    i++;
  }
  return text.length;
}

/** The statements of `text`, in order; together they cover every byte. */
export function scanToml(text: string): TomlStatement[] {
  const out: TomlStatement[] = [];
  let table: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, lineEnd).replace(/\r?\n$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      out.push({ kind: "trivia", comment: trimmed !== "", start: pos, end: lineEnd });
      pos = lineEnd;
      continue;
    }
    const header = /^(\s*)(\[\[?)(.*?)(\]\]?)\s*(#.*)?$/.exec(line);
    if (header && !trimmed.includes("=")) {
      const inner = header[3] ?? "";
      const keyStart = pos + (header[1] ?? "").length + (header[2] ?? "").length;
      const leading = inner.length - inner.trimStart().length;
      const path = parseKeyPath(inner) ?? [];
      table = path;
      out.push({
        kind: "header",
        path,
        array: header[2] === "[[",
        start: pos,
        end: lineEnd,
        keyStart: keyStart + leading,
        keyEnd: keyStart + inner.trimEnd().length,
      });
      pos = lineEnd;
      continue;
    }
    const eq = line.indexOf("=");
    const keyText = eq === -1 ? line : line.slice(0, eq);
    const key = eq === -1 ? null : parseKeyPath(keyText);
    const end = eq === -1 ? lineEnd : valueEnd(text, pos + eq + 1);
    const leading = keyText.length - keyText.trimStart().length;
    out.push({
      kind: "kv",
      path: key ?? [],
      table,
      start: pos,
      end,
      keyStart: pos + leading,
      keyEnd: pos + keyText.trimEnd().length,
      valueStart: pos + eq + 1,
    });
    pos = end;
  }
  return out;
}

/** The full key path a statement defines (a header's path; a kv's table path plus its key). */
export function statementPath(statement: TomlStatement): string[] {
  if (statement.kind === "header") return statement.path;
  if (statement.kind === "kv") return [...statement.table, ...statement.path];
  return [];
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

export type TomlLocation = { line: number; column: number; length: number; lineText: string };

function locationOf(text: string, offset: number, length: number): TomlLocation {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const nl = text.indexOf("\n", offset);
  const lineText = text.slice(lineStart, nl === -1 ? text.length : nl).replace(/\r$/, "");
  return { line, column: offset - lineStart + 1, length: Math.max(1, length), lineText };
}

/**
 * Where `path` is defined in `text`: the first header or key statement that defines it (or
 * something inside it), else the closest statement defining a table that holds it; the key text
 * is what a diagnostic underlines. Line 1, column 1 when nothing matches.
 */
export function locateKeyPath(text: string, path: readonly string[]): TomlLocation {
  const statements = scanToml(text).filter((s) => s.kind !== "trivia");
  const inside = statements.find((s) => startsWith(statementPath(s), path));
  let best = inside;
  if (!best) {
    let bestLength = -1;
    for (const s of statements) {
      const full = statementPath(s);
      if (full.length > bestLength && startsWith(path, full) && full.length > 0) {
        best = s;
        bestLength = full.length;
      }
    }
  }
  if (!best) return { line: 1, column: 1, length: 1, lineText: "" };
  return locationOf(text, best.keyStart, best.keyEnd - best.keyStart);
}
