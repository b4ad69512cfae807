/**
 * Incremental parse of a patch that is still arriving (a model streaming apply_patch input), for
 * progress display only. Feed text with `push`; it returns the hunks seen so far, the last of
 * which may still be incomplete (a partial path or missing lines). Hunks followed by another
 * header are final and are not parsed again, so each push costs about the size of the last hunk.
 */
import { BEGIN_PATCH_MARKER, END_PATCH_MARKER, parseOneHunk } from "./parser.ts";
import type { Hunk } from "./types.ts";

export type StreamingPatchFile = { path: string; kind: "add" | "delete" | "update"; move_path?: string };

export type StreamingPatchProgress = {
  hunks: Hunk[];
  /** One entry per hunk: the path as written (possibly still partial for the last one). */
  files: StreamingPatchFile[];
  /** `*** End Patch` was seen. */
  done: boolean;
};

const HEREDOC_OPENERS = new Set(["<<EOF", "<<'EOF'", '<<"EOF"']);

export class StreamingPatchParser {
  /** Text after the last newline received (the line still being written). */
  private pending = "";
  private readonly lines: string[] = [];
  private bodyStart = -1;
  private rejected = false;
  private readonly frozen: Hunk[] = [];
  private readonly frozenFiles: StreamingPatchFile[] = [];
  private frozenUntil = 0;
  private current: StreamingPatchProgress = { hunks: [], files: [], done: false };

  /** Adds streamed text and returns the progress so far. Never throws. */
  push(delta: string): StreamingPatchProgress {
    if (this.current.done || this.rejected) return this.current;
    const text = this.pending + delta;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      this.lines.push(stripCr(text.slice(start, nl)));
      start = nl + 1;
    }
    this.pending = text.slice(start);
    if (this.bodyStart < 0 && !this.findBegin()) return this.current;
    this.reparse();
    return this.current;
  }

  get progress(): StreamingPatchProgress {
    return this.current;
  }

  /** Finds "*** Begin Patch" (after blank lines and an optional heredoc opener). */
  private findBegin(): boolean {
    for (let i = 0; i < this.lines.length; i++) {
      const line = (this.lines[i] as string).trim();
      if (line === "" || (HEREDOC_OPENERS.has(line) && i === firstNonBlank(this.lines))) continue;
      if (line === BEGIN_PATCH_MARKER) {
        this.bodyStart = i + 1;
        this.frozenUntil = i + 1;
        return true;
      }
      this.rejected = true;
      return false;
    }
    return false;
  }

  private reparse(): void {
    const region = this.lines.slice(this.frozenUntil);
    const tail = stripCr(this.pending);
    let done = false;
    const endIndex = region.findIndex((line) => line.trim() === END_PATCH_MARKER);
    if (endIndex >= 0) {
      region.length = endIndex;
      done = true;
    } else if (tail.trim() === END_PATCH_MARKER) {
      done = true;
    } else if (tail !== "") {
      region.push(tail);
    }
    const parsed: Array<{ hunk: Hunk; consumed: number }> = [];
    for (let i = 0; i < region.length; ) {
      try {
        const result = parseOneHunk(region, i, region.length, 0, true);
        parsed.push(result);
        i += result.consumed;
      } catch {
        break;
      }
    }
    // Every hunk but the last is followed by a valid header, so it can no longer change.
    const finalCount = done ? parsed.length : Math.max(0, parsed.length - 1);
    for (const { hunk, consumed } of parsed.slice(0, finalCount)) {
      this.frozen.push(hunk);
      this.frozenFiles.push(describe(hunk));
      this.frozenUntil += consumed;
    }
    const open = parsed.slice(finalCount).map((entry) => entry.hunk);
    this.current = {
      hunks: this.frozen.concat(open),
      files: this.frozenFiles.concat(open.map(describe)),
      done,
    };
  }
}

function describe(hunk: Hunk): StreamingPatchFile {
  if (hunk.type === "update" && hunk.movePath !== null) {
    return { path: hunk.path, kind: "update", move_path: hunk.movePath };
  }
  return { path: hunk.path, kind: hunk.type };
}

function firstNonBlank(lines: string[]): number {
  return lines.findIndex((line) => line.trim() !== "");
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
