/**
 * A deliberately small shell reader for safety checks. It accepts only "plain" scripts: words and
 * quoted strings (no expansion of any kind) forming simple commands joined by `&&`, `||`, `;`, `|`
 * or newlines. Anything else (redirections, subshells, `$`, backquotes, globs braces, `&`,
 * assignments, comments, heredocs) makes the script not plain, and the parser returns null.
 */

/** Recognises `bash -lc SCRIPT` (also `-c`, `sh`, `zsh`, absolute paths) and returns SCRIPT. */
export function shellScriptOf(argv: readonly string[]): string | null {
  if (argv.length !== 3) return null;
  const [shell, flag, script] = argv as [string, string, string];
  const base = shell.slice(shell.lastIndexOf("/") + 1);
  if (base !== "bash" && base !== "zsh" && base !== "sh") return null;
  if (flag !== "-lc" && flag !== "-c") return null;
  return script;
}

const OPERATOR_CHARS = new Set(["&", "|", ";", "\n"]);
/** Characters that end or poison an unquoted word. */
const SPECIAL = new Set(["<", ">", "(", ")", "$", "`", "\\", "{", "}", "!", "#"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

type Token = { type: "word"; value: string; assignmentLike: boolean } | { type: "op"; value: string };

function tokenize(script: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < script.length) {
    const ch = script[i] as string;
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      const two = script.slice(i, i + 2);
      if (two === "&&" || two === "||") {
        tokens.push({ type: "op", value: two });
        i += 2;
      } else if (ch === "&")
        return null; // background job or `&>` redirection
      else if (two === ";;" || two === "|&") return null;
      else {
        tokens.push({ type: "op", value: ch });
        i++;
      }
      continue;
    }
    // A word: unquoted characters and quoted strings, concatenated.
    let value = "";
    let raw = "";
    let quoted = false;
    while (i < script.length) {
      const c = script[i] as string;
      if (c === " " || c === "\t" || OPERATOR_CHARS.has(c)) break;
      if (c === "'") {
        const end = script.indexOf("'", i + 1);
        if (end === -1) return null;
        value += script.slice(i + 1, end);
        raw += "'";
        quoted = true;
        i = end + 1;
        continue;
      }
      if (c === '"') {
        let j = i + 1;
        let text = "";
        for (;;) {
          if (j >= script.length) return null;
          const d = script[j] as string;
          if (d === '"') break;
          if (d === "$" || d === "`") return null;
          if (d === "\\") {
            const next = script[j + 1];
            if (next === undefined) return null;
            if (next === '"' || next === "\\") {
              text += next;
              j += 2;
              continue;
            }
            return null;
          }
          text += d;
          j++;
        }
        value += text;
        raw += '"';
        quoted = true;
        i = j + 1;
        continue;
      }
      if (SPECIAL.has(c)) {
        // `#` and `!` are ordinary inside a word (e.g. `a#b`), but not at its start.
        if ((c === "#" || c === "!") && (value !== "" || quoted)) {
          value += c;
          raw += c;
          i++;
          continue;
        }
        return null;
      }
      value += c;
      raw += c;
      i++;
    }
    tokens.push({ type: "word", value, assignmentLike: ASSIGNMENT.test(raw) });
  }
  return tokens;
}

/**
 * Splits a plain script into its commands (each an argv), or returns null when the script is not
 * plain. An empty script gives an empty list.
 */
export function parsePlainCommands(script: string): string[][] | null {
  const tokens = tokenize(script);
  if (tokens === null) return null;
  const commands: string[][] = [];
  let current: string[] = [];
  let lastOp: string | null = null;
  for (const token of tokens) {
    if (token.type === "word") {
      if (current.length === 0 && token.assignmentLike) return null; // FOO=bar cmd
      current.push(token.value);
      continue;
    }
    if (current.length === 0) {
      // Blank lines, and line breaks after `&&`, `||`, `|`, are fine; anything else is a syntax error.
      if (token.value === "\n") continue;
      return null;
    }
    commands.push(current);
    current = [];
    lastOp = token.value;
  }
  if (current.length > 0) commands.push(current);
  else if (lastOp !== null && lastOp !== ";" && lastOp !== "\n") return null; // dangling && || |
  return commands;
}

/** The commands of `bash -lc "<plain script>"`, or null when argv is not that form. */
export function parseShellLcPlainCommands(argv: readonly string[]): string[][] | null {
  const script = shellScriptOf(argv);
  if (script === null) return null;
  return parsePlainCommands(script);
}
