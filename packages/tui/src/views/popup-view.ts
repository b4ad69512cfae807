/** A selection list (slash commands, @ files, pickers) drawn under the composer. */

import { truncateToWidth, visibleWidth } from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";

export type PopupRow = { label: string; description?: string };

const POPUP_MAX_ROWS = 8;

export function renderPopup(options: {
  rows: PopupRow[];
  selected: number;
  width: number;
  theme: Theme;
  title?: string;
  empty?: string;
}): string[] {
  const { rows, selected, width, theme } = options;
  const out: string[] = [];
  if (options.title) out.push(theme.bold(options.title));
  if (rows.length === 0) {
    out.push(`  ${theme.gray(options.empty ?? "no matches")}`);
    return out;
  }
  const first = Math.min(
    Math.max(0, selected - POPUP_MAX_ROWS + 1),
    Math.max(0, rows.length - POPUP_MAX_ROWS),
  );
  // Labels are what the user picks from: they get the room they need; descriptions get the rest.
  const visible = rows.slice(first, first + POPUP_MAX_ROWS);
  const described = visible.some((r) => r.description);
  const labelWidth = Math.min(
    Math.max(...visible.map((r) => visibleWidth(r.label))),
    described ? Math.max(Math.floor(width / 2), width - 16) : width - 2,
  );
  visible.forEach((row, i) => {
    const isSel = first + i === selected;
    const label = truncateToWidth(row.label, labelWidth, { ellipsis: "…" });
    const pad = " ".repeat(Math.max(0, labelWidth - visibleWidth(label)));
    const desc = row.description ? `  ${theme.gray(row.description)}` : "";
    const line = `${isSel ? theme.cyan("›") : " "} ${isSel ? theme.bold(theme.cyan(label)) : label}${pad}${desc}`;
    out.push(truncateToWidth(line, width, { ellipsis: "…" }));
  });
  if (rows.length > POPUP_MAX_ROWS) out.push(theme.gray(`  ${selected + 1}/${rows.length}`));
  return out;
}
