/**
 * Recognises the two shell-script forms of an apply_patch call, each the only statement:
 *   apply_patch <<'EOF'\n...\nEOF
 *   cd <path> && apply_patch <<'EOF'\n...\nEOF
 * `applypatch` works too; the delimiter may be bare, 'quoted' or "quoted"; the cd path is one
 * word, 'single-quoted' or "double-quoted". Anything before or after (`echo x;`, `&& echo done`,
 * `||`, `|`, two cd's, flags) does not match, as in the reference.
 */

export type HeredocCall = { body: string; workdir: string | null };

const APPLY_COMMANDS = new Set(["apply_patch", "applypatch"]);
const BARE_WORD = /^[^\s;&|<>()`$"'\\]+/;

/** Returns the heredoc body (trailing newlines removed) and the cd path, or null when not this form. */
export function extractHeredocCall(script: string): HeredocCall | null {
  const scanner = new Scanner(script);
  scanner.skipBlanks();
  let workdir: string | null = null;
  const first = scanner.word();
  if (first === null) return null;
  let command = first;
  if (first === "cd") {
    if (!scanner.skipBlanks()) return null;
    workdir = scanner.pathArgument();
    if (workdir === null) return null;
    scanner.skipBlanks();
    if (!scanner.take("&&")) return null;
    scanner.skipSpaceAndNewlines();
    const next = scanner.word();
    if (next === null) return null;
    command = next;
  }
  if (!APPLY_COMMANDS.has(command)) return null;
  scanner.skipBlanks();
  if (!scanner.take("<<") || scanner.peek("<") || scanner.peek("-")) return null;
  scanner.skipBlanks();
  const delimiter = scanner.delimiter();
  if (delimiter === null) return null;
  return scanner.heredocBody(delimiter, workdir);
}

class Scanner {
  private position = 0;
  constructor(private readonly text: string) {}

  /** Skips spaces and tabs; true when at least one was skipped. */
  skipBlanks(): boolean {
    const start = this.position;
    while (this.text[this.position] === " " || this.text[this.position] === "\t") this.position++;
    return this.position > start;
  }

  skipSpaceAndNewlines(): void {
    while (/[ \t\n]/.test(this.text[this.position] ?? "")) this.position++;
  }

  take(token: string): boolean {
    if (!this.text.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }

  peek(token: string): boolean {
    return this.text.startsWith(token, this.position);
  }

  word(): string | null {
    const match = BARE_WORD.exec(this.text.slice(this.position));
    if (match === null) return null;
    this.position += match[0].length;
    return match[0];
  }

  /** One cd argument: a bare word or a quoted string (no expansions). */
  pathArgument(): string | null {
    const quote = this.text[this.position];
    if (quote === "'" || quote === '"') {
      const end = this.text.indexOf(quote, this.position + 1);
      if (end === -1) return null;
      const value = this.text.slice(this.position + 1, end);
      if (quote === '"' && /[$`\\]/.test(value)) return null;
      this.position = end + 1;
      return this.atWordEnd() ? value : null;
    }
    const value = this.word();
    return value !== null && this.atWordEnd() ? value : null;
  }

  delimiter(): string | null {
    const quote = this.text[this.position];
    if (quote === "'" || quote === '"') {
      const end = this.text.indexOf(quote, this.position + 1);
      if (end === -1 || end === this.position + 1) return null;
      const value = this.text.slice(this.position + 1, end);
      this.position = end + 1;
      return value;
    }
    return this.word();
  }

  heredocBody(delimiter: string, workdir: string | null): HeredocCall | null {
    this.skipBlanks();
    if (!this.take("\n")) return null;
    const bodyStart = this.position;
    let lineStart = bodyStart;
    while (lineStart <= this.text.length) {
      let lineEnd = this.text.indexOf("\n", lineStart);
      if (lineEnd === -1) lineEnd = this.text.length;
      if (this.text.slice(lineStart, lineEnd) === delimiter) {
        if (this.text.slice(lineEnd).trim() !== "") return null;
        const body = this.text.slice(bodyStart, lineStart).replace(/\n+$/, "");
        return { body, workdir };
      }
      lineStart = lineEnd + 1;
    }
    return null;
  }

  private atWordEnd(): boolean {
    const next = this.text[this.position];
    return next === undefined || next === " " || next === "\t" || next === "\n";
  }
}
