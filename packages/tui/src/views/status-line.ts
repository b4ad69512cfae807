/** The status indicator (spinner, elapsed time while working) and the footer line. */

import { truncateToWidth } from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";
import { formatDuration, shortenPath } from "./cell-view.ts";

export const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function renderWorking(options: {
  theme: Theme;
  width: number;
  header: string;
  elapsedMs: number;
  frame: number;
}): string {
  const { theme } = options;
  const glyph = theme.cyan(SPINNER[options.frame % SPINNER.length] ?? "•");
  const detail = theme.gray(`(${formatDuration(options.elapsedMs)} • esc to interrupt)`);
  return truncateToWidth(`${glyph} ${theme.bold(options.header)} ${detail}`, options.width, {
    ellipsis: "…",
  });
}

export type FooterInfo = {
  model: string;
  effort: string | null;
  cwd: string;
  sandbox: string;
  approval: string;
  contextLeft: number | null;
};

export function renderFooter(options: {
  theme: Theme;
  width: number;
  info: FooterInfo | null;
  hint: string | null;
}): string {
  const { theme, info } = options;
  if (options.hint) return truncateToWidth(theme.gray(options.hint), options.width, { ellipsis: "…" });
  if (!info) return theme.gray("starting…");
  const parts: string[] = [];
  if (info.contextLeft !== null) parts.push(`${info.contextLeft}% context left`);
  parts.push(
    `${info.model}${info.effort ? ` ${info.effort}` : ""}`,
    info.sandbox,
    info.approval,
    shortenPath(info.cwd),
  );
  return truncateToWidth(theme.gray(parts.join(" · ")), options.width, { ellipsis: "…" });
}
