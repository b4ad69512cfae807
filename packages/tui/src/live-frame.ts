/**
 * Composes the live region from the current state: in-progress cells, queued messages, the
 * working indicator, then the approval modal or the composer with its popup, and the footer.
 */

import type { TranscriptState } from "./state/reducer.ts";
import type { Frame } from "./terminal/live-renderer.ts";
import { sanitize, wrapLine } from "./terminal/text-width.ts";
import type { Theme } from "./terminal/theme.ts";
import { renderApproval } from "./views/approval-view.ts";
import { type CellContext, renderCell, renderNotice } from "./views/cell-view.ts";
import type { ComposerView } from "./views/composer.ts";
import { type PopupRow, renderPopup } from "./views/popup-view.ts";
import { type FooterInfo, renderFooter, renderWorking } from "./views/status-line.ts";

export type LiveInputs = {
  state: TranscriptState;
  ctx: CellContext;
  rows: number;
  streaming: { id: string; consumed: number; lines: number } | null;
  queued: Array<{ text: string }>;
  composer: ComposerView;
  popup: { title?: string; rows: PopupRow[]; selected: number; empty?: string } | null;
  approvalScroll: number;
  footer: FooterInfo | null;
  hint: string | null;
  spinnerFrame: number;
  /** A screen that replaces the composer (the trust prompt). */
  screen: string[] | null;
};

export function buildLiveFrame(input: LiveInputs): Frame {
  const { state, ctx } = input;
  const theme: Theme = ctx.theme;
  const width = ctx.width;
  // A blank line separates the scrollback from the live region.
  const lines: string[] = [""];
  for (const cell of state.active) {
    if (cell.kind === "reasoning") continue;
    if (cell.kind === "agent" && input.streaming?.id === cell.id) {
      const rest = sanitize(cell.text.slice(input.streaming.consumed));
      if (rest.length === 0) continue;
      const marker = input.streaming.lines === 0 ? `${theme.gray("•")} ` : "  ";
      for (const [i, l] of wrapLine(rest, width - 2).entries()) lines.push((i === 0 ? marker : "  ") + l);
      continue;
    }
    lines.push(...renderCell(cell, ctx));
  }
  if (state.retry !== null) lines.push(...renderNotice("retry", state.retry, ctx));
  for (const q of input.queued) {
    for (const l of wrapLine(theme.gray(`↳ ${q.text}`), width)) lines.push(theme.italic(l));
  }
  if (input.screen) {
    return { lines: [...lines, ...input.screen], cursor: null };
  }
  if (lines.length > 1) lines.push("");
  if (state.running) {
    lines.push(
      renderWorking({
        theme,
        width,
        header: state.statusHeader,
        elapsedMs: ctx.now - state.turnStartedAt,
        frame: input.spinnerFrame,
      }),
    );
  }
  const approval = state.approvals[0];
  if (approval) {
    const modal = renderApproval({
      request: approval,
      width,
      maxRows: Math.max(8, input.rows - 2),
      scroll: input.approvalScroll,
      theme,
    });
    return { lines: [...lines, ...modal], cursor: null };
  }
  if (state.running) lines.push("");
  const top = lines.length;
  lines.push(...input.composer.lines);
  const cursor = { row: top + input.composer.cursor.row, col: input.composer.cursor.col };
  if (input.popup) {
    lines.push(...renderPopup({ ...input.popup, width, theme }));
  } else {
    lines.push(renderFooter({ theme, width, info: input.footer, hint: input.hint }));
  }
  // Keep the composer on screen: the renderer drops lines from the top when the frame is too tall.
  return { lines, cursor };
}
