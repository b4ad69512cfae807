/**
 * Targeted text edits of `config.toml` for `codex mcp add/remove`: only the lines that define
 * `mcp_servers.NAME` change; every other byte (comments, blank lines, key order, quoting) stays.
 *
 * A small line scanner finds, outside strings and multi-line values:
 * - table headers `[mcp_servers.NAME]`, `[mcp_servers.NAME.env]`, … (with the comment lines
 *   directly above them);
 * - key/value statements defining the server elsewhere: `NAME = { … }` or `NAME.command = …` under
 *   `[mcp_servers]`, or `mcp_servers.NAME… = …` at the top level (values may span lines).
 */

export type McpServerEntry =
  | { type: "stdio"; command: string; args: string[]; env: Record<string, string> }
  | { type: "streamable_http"; url: string; bearer_token_env_var: string | null };

type Statement =
  | { kind: "header"; path: string[]; start: number; end: number }
  | { kind: "kv"; path: string[]; table: string[]; start: number; end: number }
  | { kind: "trivia"; comment: boolean; start: number; end: number };

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

function tomlString(value: string): string {
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

function scan(text: string): Statement[] {
  const out: Statement[] = [];
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
    const header = /^\s*(\[\[?)(.*?)(\]\]?)\s*(#.*)?$/.exec(line);
    if (header && !trimmed.includes("=")) {
      const path = parseKeyPath(header[2] ?? "") ?? [];
      table = path;
      out.push({ kind: "header", path, start: pos, end: lineEnd });
      pos = lineEnd;
      continue;
    }
    const eq = line.indexOf("=");
    const key = eq === -1 ? null : parseKeyPath(line.slice(0, eq));
    const end = eq === -1 ? lineEnd : valueEnd(text, pos + eq + 1);
    out.push({ kind: "kv", path: key ?? [], table, start: pos, end });
    pos = end;
  }
  return out;
}

function belongsTo(statement: Statement, name: string): boolean {
  if (statement.kind === "header") return statement.path[0] === "mcp_servers" && statement.path[1] === name;
  if (statement.kind !== "kv") return false;
  const full = [...statement.table, ...statement.path];
  return full[0] === "mcp_servers" && full[1] === name;
}

type Range = { start: number; end: number; header: boolean };

/** Byte ranges defining server `name` (optionally with the comment lines attached above each). */
function serverRanges(text: string, name: string, options: { withComments: boolean }): Range[] {
  const statements = scan(text);
  const isComment = (s: Statement | undefined) => s?.kind === "trivia" && s.comment;
  const ranges: Range[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as Statement;
    if (!belongsTo(s, name)) continue;
    let start = s.start;
    if (options.withComments) {
      for (let j = i - 1; j >= 0 && isComment(statements[j]); j--) start = (statements[j] as Statement).start;
    }
    let end = s.end;
    if (s.kind === "header") {
      // The table runs to the next header, less the comment lines attached to that header.
      let next = i + 1;
      while (next < statements.length && (statements[next] as Statement).kind !== "header") next++;
      let last = next;
      if (next < statements.length) while (last - 1 > i && isComment(statements[last - 1])) last--;
      end = last < statements.length ? (statements[last] as Statement).start : text.length;
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

/** The TOML tables for one server, as `codex mcp add` writes them. */
export function renderServer(name: string, entry: McpServerEntry): string {
  const lines = [`[mcp_servers.${tomlKey(name)}]`];
  if (entry.type === "stdio") {
    lines.push(`command = ${tomlString(entry.command)}`);
    if (entry.args.length > 0) lines.push(`args = [${entry.args.map(tomlString).join(", ")}]`);
    const env = Object.entries(entry.env).sort(([a], [b]) => (a < b ? -1 : 1));
    if (env.length > 0) {
      lines.push("", `[mcp_servers.${tomlKey(name)}.env]`);
      for (const [k, v] of env) lines.push(`${tomlKey(k)} = ${tomlString(v)}`);
    }
  } else {
    lines.push(`url = ${tomlString(entry.url)}`);
    if (entry.bearer_token_env_var)
      lines.push(`bearer_token_env_var = ${tomlString(entry.bearer_token_env_var)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Whether the text defines `mcp_servers.NAME` in any form. */
export function hasMcpServer(text: string, name: string): boolean {
  return serverRanges(text, name, { withComments: false }).length > 0;
}

/** Removes every definition of `mcp_servers.NAME` (and its comments); the rest is unchanged. */
export function removeMcpServer(text: string, name: string): { text: string; removed: boolean } {
  const ranges = serverRanges(text, name, { withComments: true });
  if (ranges.length === 0) return { text, removed: false };
  return { text: cut(text, ranges), removed: true };
}

/** Adds the tables of server `name`, or replaces its definition in place (comments above stay). */
export function upsertMcpServer(text: string, name: string, entry: McpServerEntry): string {
  const rendered = renderServer(name, entry);
  const ranges = serverRanges(text, name, { withComments: false });
  const firstHeader = ranges.find((r) => r.header);
  if (firstHeader) {
    const others = ranges.filter((r) => r !== firstHeader);
    // Replace the first table's own lines with the new tables, then drop the other definitions.
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
  const base = ranges.length > 0 ? cut(text, ranges) : text;
  if (base.trim() === "") return rendered;
  const ended = base.endsWith("\n") ? base : `${base}\n`;
  const gap = /\n[ \t]*\r?\n$/.test(ended) ? "" : "\n";
  return `${ended}${gap}${rendered}`;
}
