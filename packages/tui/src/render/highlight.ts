/**
 * A small, fast syntax highlighter for code blocks: keywords, strings, comments and numbers for
 * the common languages. One line at a time, so it works while a code block is still streaming
 * (block comments spanning lines are not tracked).
 */
import type { Theme } from "../terminal/theme.ts";

const KEYWORDS: Record<string, string[]> = {
  js: "const let var function return if else for while do switch case break continue new class extends import export from default async await try catch finally throw typeof instanceof in of true false null undefined this interface type enum implements readonly public private protected static yield void".split(
    " ",
  ),
  py: "def return if elif else for while break continue class import from as with try except finally raise lambda yield async await pass None True False and or not in is global nonlocal".split(
    " ",
  ),
  rs: "fn let mut const if else for while loop match return struct enum impl trait pub use mod crate self Self super async await move ref where type true false as in dyn static unsafe".split(
    " ",
  ),
  go: "func var const if else for range switch case return package import type struct interface map chan go defer select break continue nil true false".split(
    " ",
  ),
  sh: "if then else elif fi for in do done while case esac function return export local echo cd exit set unset".split(
    " ",
  ),
};

const ALIASES: Record<string, string> = {
  javascript: "js",
  typescript: "js",
  ts: "js",
  tsx: "js",
  jsx: "js",
  mjs: "js",
  json: "js",
  python: "py",
  rust: "rs",
  golang: "go",
  bash: "sh",
  shell: "sh",
  zsh: "sh",
  console: "sh",
  c: "js",
  cpp: "js",
  java: "js",
  kotlin: "js",
  swift: "js",
};

const TOKEN =
  /(\/\/.*$|#.*$|--.*$)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`(?:[^`\\]|\\.)*`?)|(\b\d[\d_.xXa-fA-F]*\b)|([A-Za-z_$][\w$]*)/g;

export function highlightLine(line: string, lang: string, theme: Theme): string {
  const key = ALIASES[lang.toLowerCase()] ?? lang.toLowerCase();
  const keywords = KEYWORDS[key];
  if (!keywords || !theme.color) return line;
  const set = new Set(keywords);
  const hashComments = key === "py" || key === "sh";
  return line.replace(TOKEN, (match, comment: string | undefined, str, num, word: string | undefined) => {
    if (comment) {
      const isHash = comment.startsWith("#");
      const isDash = comment.startsWith("--");
      if ((isHash && !hashComments) || isDash) return match;
      return theme.gray(match);
    }
    if (str) return theme.green(match);
    if (num) return theme.magenta(match);
    if (word && set.has(word)) return theme.blue(match);
    return match;
  });
}
