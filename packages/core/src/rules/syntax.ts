/**
 * A reader for the Starlark subset `.rules` files use: top-level calls (`prefix_rule(...)`), simple
 * assignments (`GIT = ["git"]`), string literals (single, double or triple quoted, with escapes),
 * lists and tuples, names and comments. It builds values only; nothing is ever evaluated as code.
 * Anything outside the subset is an error naming `file:line:col`.
 */

export type Position = { line: number; column: number };

/** A rules file that cannot be read as the subset, or a rule that is not valid. */
export class RulesError extends Error {
  override name = "RulesError";
  constructor(
    readonly file: string,
    readonly at: Position | null,
    readonly detail: string,
  ) {
    super(at === null ? `${file}: ${detail}` : `${file}:${at.line}:${at.column}: ${detail}`);
  }
}

export type Value =
  | { kind: "string"; value: string; at: Position }
  | { kind: "list"; items: Value[]; at: Position }
  | { kind: "name"; name: string; at: Position };

export type Argument = { name: string | null; value: Value; at: Position };
export type Statement =
  | { kind: "call"; callee: string; args: Argument[]; at: Position }
  | { kind: "assign"; name: string; value: Value; at: Position };

type Token =
  | { type: "name"; text: string; at: Position }
  | { type: "string"; text: string; at: Position }
  | { type: "punct"; text: string; at: Position }
  | { type: "newline"; at: Position }
  | { type: "end"; at: Position };

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "0": "\0",
};

function tokenize(file: string, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0; // inside brackets, line breaks do not end a statement
  const pos = (): Position => ({ line, column: i - lineStart + 1 });
  const fail = (at: Position, detail: string): never => {
    throw new RulesError(file, at, detail);
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "\n") {
      if (depth === 0) tokens.push({ type: "newline", at: pos() });
      i++;
      line++;
      lineStart = i;
    } else if (ch === " " || ch === "\t" || ch === "\r") i++;
    else if (ch === "#") while (i < text.length && text[i] !== "\n") i++;
    else if (ch === "\\" && text[i + 1] === "\n") i++;
    else if (/[A-Za-z_]/.test(ch)) {
      const at = pos();
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i] as string)) i++;
      tokens.push({ type: "name", text: text.slice(start, i), at });
    } else if (ch === '"' || ch === "'") {
      const at = pos();
      const triple = text.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      i += quote.length;
      let value = "";
      for (;;) {
        if (i >= text.length) fail(at, "unterminated string literal");
        if (text.startsWith(quote, i)) {
          i += quote.length;
          break;
        }
        const c = text[i] as string;
        if (c === "\n") {
          if (!triple) fail(at, "unterminated string literal (a line break inside quotes)");
          value += c;
          i++;
          line++;
          lineStart = i;
        } else if (c === "\\") {
          const next = text[i + 1] ?? "";
          if (next === "\n") {
            i += 2;
            line++;
            lineStart = i;
          } else if (next in ESCAPES) {
            value += ESCAPES[next];
            i += 2;
          } else fail(pos(), `unsupported escape \\${next} in a string literal`);
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ type: "string", text: value, at });
    } else if ("()[],=".includes(ch)) {
      if (ch === "(" || ch === "[") depth++;
      if (ch === ")" || ch === "]") depth = Math.max(0, depth - 1);
      tokens.push({ type: "punct", text: ch, at: pos() });
      i++;
    } else fail(pos(), `unexpected character \`${ch}\` (rules files hold prefix_rule(...) calls)`);
  }
  tokens.push({ type: "newline", at: pos() });
  tokens.push({ type: "end", at: pos() });
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly file: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }
  private next(): Token {
    return this.tokens[this.index++] as Token;
  }
  private fail(token: Token, detail: string): never {
    throw new RulesError(this.file, token.at, detail);
  }
  private describe(token: Token): string {
    if (token.type === "newline") return "end of line";
    if (token.type === "end") return "end of file";
    if (token.type === "string") return "a string";
    return `\`${token.text}\``;
  }
  private expectPunct(text: string): Token {
    const token = this.next();
    if (token.type !== "punct" || token.text !== text)
      this.fail(token, `expected \`${text}\`, found ${this.describe(token)}`);
    return token;
  }
  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.type === "punct" && token.text === text;
  }

  statements(): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      const token = this.next();
      if (token.type === "end") return out;
      if (token.type === "newline") continue;
      // A string on its own (a docstring) is allowed and means nothing.
      if (token.type === "string" && this.peek().type === "newline") continue;
      if (token.type !== "name")
        this.fail(token, `expected a call such as prefix_rule(...), found ${this.describe(token)}`);
      if (this.isPunct("=")) {
        this.next();
        out.push({ kind: "assign", name: token.text, value: this.value(), at: token.at });
      } else if (this.isPunct("(")) {
        this.next();
        out.push({ kind: "call", callee: token.text, args: this.args(token.at), at: token.at });
      } else this.fail(this.peek(), `expected \`(\` after \`${token.text}\``);
      const end = this.next();
      if (end.type !== "newline") this.fail(end, `expected end of line, found ${this.describe(end)}`);
    }
  }

  private args(open: Position): Argument[] {
    const args: Argument[] = [];
    const unclosed = () => {
      const type = this.peek().type;
      if (type === "end" || type === "newline")
        throw new RulesError(this.file, open, "this call is never closed: expected `)`");
    };
    while (!this.isPunct(")")) {
      unclosed();
      const token = this.peek();
      const named = token.type === "name" && this.tokens[this.index + 1]?.type === "punct";
      if (named && (this.tokens[this.index + 1] as { text: string }).text === "=") {
        this.index += 2;
        args.push({ name: (token as { text: string }).text, value: this.value(), at: token.at });
      } else args.push({ name: null, value: this.value(), at: token.at });
      if (!this.isPunct(")")) {
        unclosed();
        this.expectPunct(",");
      }
    }
    this.next();
    return args;
  }

  private value(): Value {
    const token = this.next();
    if (token.type === "string") {
      // Adjacent literals are not Starlark; say so rather than guess.
      if (this.peek().type === "string")
        this.fail(this.peek(), "two string literals in a row (missing `,`?)");
      return { kind: "string", value: token.text, at: token.at };
    }
    if (token.type === "name") return { kind: "name", name: token.text, at: token.at };
    if (token.type === "punct" && (token.text === "[" || token.text === "(")) {
      const close = token.text === "[" ? "]" : ")";
      const items: Value[] = [];
      const unclosed = () => {
        const type = this.peek().type;
        if (type === "end" || type === "newline")
          this.fail(token, `this \`${token.text}\` is never closed: expected \`${close}\``);
      };
      while (!this.isPunct(close)) {
        unclosed();
        items.push(this.value());
        if (!this.isPunct(close)) {
          unclosed();
          this.expectPunct(",");
        }
      }
      this.next();
      return { kind: "list", items, at: token.at };
    }
    return this.fail(token, `expected a string or a list, found ${this.describe(token)}`);
  }
}

/** Reads a rules file's text into statements; throws `RulesError` at the first problem. */
export function parseRulesSyntax(file: string, text: string): Statement[] {
  return new Parser(file, tokenize(file, text)).statements();
}
