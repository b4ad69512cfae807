/**
 * Markdown to terminal lines, one source line at a time. Rendering is prefix-stable: once a source
 * line is complete its output never changes, so a streaming answer can commit finished lines to
 * the scrollback as they arrive. Handles headings, lists, quotes, rules, fenced code (highlighted),
 * inline code, bold, italic and links.
 */

import { sanitize, wrapLine } from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";
import { highlightLine } from "./highlight.ts";

export type MarkdownOptions = {
  theme: Theme;
  width: number;
  /** Turns a link target into a terminal hyperlink (OSC 8) when set. */
  hyperlink?: (label: string, target: string) => string;
};

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+#.-]*)/;

export class MarkdownStream {
  private code: { fence: string; lang: string; indent: number } | null = null;

  constructor(private readonly options: MarkdownOptions) {}

  /** Renders one complete source line (without its newline). */
  push(raw: string): string[] {
    const { theme, width } = this.options;
    const source = sanitize(raw);
    const fence = FENCE.exec(source);
    if (this.code) {
      if (
        fence?.[2]?.startsWith(this.code.fence[0] ?? "`") &&
        source.trim().length <= (fence[2]?.length ?? 0)
      ) {
        this.code = null;
        return [];
      }
      const text = source.slice(Math.min(this.code.indent, leadingSpaces(source))).replace(/\t/g, "    ");
      return wrapLine(`  ${highlightLine(text, this.code.lang, theme)}`, width);
    }
    if (fence) {
      this.code = { fence: fence[2] ?? "```", lang: fence[3] ?? "", indent: fence[1]?.length ?? 0 };
      return [];
    }
    if (source.trim().length === 0) return [""];
    const heading = /^(#{1,6})\s+(.*)$/.exec(source);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      const body = this.inline(heading[2] ?? "");
      const styled =
        level === 1
          ? theme.bold(theme.underline(body))
          : level === 2
            ? theme.bold(body)
            : theme.italic(theme.bold(body));
      return wrapLine(styled, width);
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(source)) return [theme.gray("─".repeat(Math.min(width, 40)))];
    const quote = /^\s*>\s?(.*)$/.exec(source);
    if (quote) return this.hanging(theme.gray("│ "), 2, theme.italic(this.inline(quote[1] ?? "")));
    const bullet = /^(\s*)([-*+])\s+(.*)$/.exec(source);
    if (bullet) {
      const indent = Math.floor((bullet[1]?.length ?? 0) / 2) * 2;
      const task = /^\[([ xX])\]\s+(.*)$/.exec(bullet[3] ?? "");
      const marker = task ? (task[1] === " " ? "☐ " : "☑ ") : "• ";
      const text = task ? (task[2] ?? "") : (bullet[3] ?? "");
      return this.hanging(" ".repeat(indent) + marker, indent + 2, this.inline(text));
    }
    const ordered = /^(\s*)(\d+)([.)])\s+(.*)$/.exec(source);
    if (ordered) {
      const indent = Math.floor((ordered[1]?.length ?? 0) / 2) * 2;
      const marker = `${ordered[2]}${ordered[3]} `;
      return this.hanging(" ".repeat(indent) + marker, indent + marker.length, this.inline(ordered[4] ?? ""));
    }
    return wrapLine(this.inline(source.trimEnd()), width);
  }

  private hanging(marker: string, indent: number, body: string): string[] {
    const wrapped = wrapLine(body, Math.max(10, this.options.width - indent));
    return wrapped.map((line, i) => (i === 0 ? marker : " ".repeat(indent)) + line);
  }

  /** Inline markup: `code`, **bold**, *italic*, [label](url), <url>. */
  private inline(text: string): string {
    const { theme, hyperlink } = this.options;
    const parts = text.split(/(`+[^`]*`+)/);
    return parts
      .map((part, i) => {
        if (i % 2 === 1) return theme.cyan(part.replace(/^`+|`+$/g, ""));
        return part
          .replace(/【F:([^†】]+)†L(\d+)(?:-L\d+)?】/g, (_m, path: string, line: string) => {
            const shown = theme.cyan(`${path}:${line}`);
            return hyperlink ? hyperlink(shown, `${path}:${line}`) : shown;
          })
          .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => {
            const shown =
              label === url
                ? theme.cyan(theme.underline(url))
                : `${label} (${theme.cyan(theme.underline(url))})`;
            return hyperlink ? hyperlink(shown, url) : shown;
          })
          .replace(/<(https?:\/\/[^>\s]+)>/g, (_m, url: string) => theme.cyan(theme.underline(url)))
          .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_m, a: string | undefined, b: string | undefined) =>
            theme.bold(a ?? b ?? ""),
          )
          .replace(
            /(^|[^\w*])\*([^*\s][^*]*)\*(?!\w)|(^|\W)_([^_\s][^_]*)_(?!\w)/g,
            (_m, p1, a, p2, b) => `${p1 ?? p2 ?? ""}${theme.italic(a ?? b ?? "")}`,
          );
      })
      .join("");
  }
}

function leadingSpaces(text: string): number {
  return /^ */.exec(text)?.[0].length ?? 0;
}

/** Renders a whole (finished) Markdown text. */
export function renderMarkdown(text: string, options: MarkdownOptions): string[] {
  const stream = new MarkdownStream(options);
  const out: string[] = [];
  for (const line of text.replace(/\n+$/, "").split("\n")) for (const l of stream.push(line)) out.push(l);
  return out;
}
