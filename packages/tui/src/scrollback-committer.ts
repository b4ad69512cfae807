/**
 * Moves finished transcript lines into the terminal's scrollback, exactly once. Finished cells are
 * rendered whole; a streaming agent message at the head of the live region is committed source line
 * by source line as its newlines arrive, so only its last, partial line stays live.
 */

import { MarkdownStream } from "./render/markdown.ts";
import type { Cell } from "./state/cells.ts";
import type { TranscriptState } from "./state/reducer.ts";
import type { LiveRenderer } from "./terminal/live-renderer.ts";
import { type CellContext, renderCell } from "./views/cell-view.ts";

type Streaming = { id: string; md: MarkdownStream; consumed: number; lines: number };

export class ScrollbackCommitter {
  private streaming: Streaming | null = null;
  private committedAny = false;

  constructor(private readonly renderer: LiveRenderer) {}

  /** Forgets streaming progress (a new session). */
  reset(): void {
    this.streaming = null;
  }

  /** The id of the agent message partly committed, with how much of its text is already written. */
  streamingProgress(): { id: string; consumed: number; lines: number } | null {
    return this.streaming;
  }

  commit(state: TranscriptState, ctx: CellContext): void {
    for (const cell of state.toCommit) {
      if (cell.kind === "agent" && this.streaming?.id === cell.id) this.finishStreaming(cell.text, ctx);
      else this.write(renderCell(cell, ctx), { separate: true });
    }
    state.toCommit = [];
    // The first visible in-progress cell (hidden reasoning never reaches the scrollback).
    const head = state.active.find((c) => !(c.kind === "reasoning" && state.hideReasoning));
    if (head?.kind === "agent") this.advance(head, ctx);
  }

  private advance(cell: Extract<Cell, { kind: "agent" }>, ctx: CellContext): void {
    if (this.streaming?.id !== cell.id) {
      this.streaming = {
        id: cell.id,
        md: new MarkdownStream({
          theme: ctx.theme,
          width: ctx.width - 2,
          hyperlink: (l, t) => ctx.linker.link(l, t),
        }),
        consumed: 0,
        lines: 0,
      };
    }
    const s = this.streaming;
    const end = cell.text.lastIndexOf("\n");
    if (end < s.consumed) return;
    const chunk = cell.text.slice(s.consumed, end);
    s.consumed = end + 1;
    this.pushSource(chunk.split("\n"), ctx);
  }

  private finishStreaming(text: string, ctx: CellContext): void {
    const s = this.streaming;
    if (!s) return;
    const rest = text.slice(s.consumed).replace(/\n+$/, "");
    if (rest.length > 0) this.pushSource(rest.split("\n"), ctx);
    this.streaming = null;
  }

  private pushSource(sourceLines: string[], ctx: CellContext): void {
    const s = this.streaming;
    if (!s) return;
    const out: string[] = [];
    for (const src of sourceLines) {
      for (const line of s.md.push(src)) {
        // Leading blank lines of a message are dropped.
        if (s.lines === 0 && out.length === 0 && line === "") continue;
        if (line === "") out.push("");
        else out.push((s.lines === 0 && out.length === 0 ? `${ctx.theme.gray("•")} ` : "  ") + line);
      }
    }
    if (out.length === 0) return;
    this.write(out, { separate: s.lines === 0 });
    s.lines += out.length;
  }

  private write(lines: string[], options: { separate: boolean }): void {
    if (options.separate && this.committedAny) this.renderer.commit([""]);
    this.renderer.commit(lines);
    this.committedAny = true;
  }
}
