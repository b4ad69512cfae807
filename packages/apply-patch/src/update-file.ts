/**
 * Computes the new contents of a file from Update File chunks, without touching the filesystem.
 * Lines are as the reference sees them (split on the line ending, a final empty element
 * dropped); files that use CRLF for every line keep CRLF. The result always ends with a line
 * ending. A trailing blank line stays, as Codex 0.169 keeps it (0.47 dropped one from every file
 * it patched that ended with a blank line).
 */
import { ApplyPatchError } from "./errors.ts";
import { FileLines } from "./file-lines.ts";
import { seekSequence } from "./seek-sequence.ts";
import type { UpdateChunk } from "./types.ts";

type Replacement = { start: number; oldLength: number; newLines: readonly string[] };

/** A piece of the output: original lines [from, to) or new lines. */
type Segment = { from: number; to: number } | { lines: readonly string[] };

/**
 * Applies `chunks` to `contents`. `displayPath` names the file in error messages (as the patch
 * wrote it). Throws ApplyPatchError worded like the reference.
 */
export function applyChunks(contents: string, chunks: readonly UpdateChunk[], displayPath: string): string {
  const file = new FileLines(contents);
  const replacements = computeReplacements(file, chunks, displayPath);
  // Stable: edits at one index keep the patch's order (a pure addition, which goes at the end of
  // the file, before a later chunk's lines added there).
  replacements.sort((a, b) => a.start - b.start);
  return render(file, segmentsOf(file, replacements));
}

function computeReplacements(
  file: FileLines,
  chunks: readonly UpdateChunk[],
  displayPath: string,
): Replacement[] {
  const replacements: Replacement[] = [];
  let cursor = 0;
  for (const chunk of chunks) {
    if (chunk.changeContext !== null) {
      const at = seekSequence(file, [chunk.changeContext], { start: cursor, endOfFile: false });
      if (at === null) {
        throw new ApplyPatchError(`Failed to find context '${chunk.changeContext}' in ${displayPath}`);
      }
      cursor = at + 1;
    }
    if (chunk.oldLines.length === 0) {
      // Pure addition: at the end of the file (after a final blank line too, as in 0.169).
      replacements.push({ start: file.count, oldLength: 0, newLines: chunk.newLines });
      continue;
    }
    let pattern: readonly string[] = chunk.oldLines;
    let newLines: readonly string[] = chunk.newLines;
    const endOfFile = chunk.isEndOfFile;
    let found = seekSequence(file, pattern, { start: cursor, endOfFile });
    if (found === null && pattern[pattern.length - 1] === "") {
      // The trailing empty line stands for the file's final newline: retry without it.
      pattern = pattern.slice(0, -1);
      if (newLines[newLines.length - 1] === "") newLines = newLines.slice(0, -1);
      found = seekSequence(file, pattern, { start: cursor, endOfFile });
    }
    if (found === null) {
      throw new ApplyPatchError(
        `Failed to find expected lines in ${displayPath}:\n${chunk.oldLines.join("\n")}`,
      );
    }
    for (const edit of editsOf(chunk, { start: found, length: pattern.length, newLines }))
      replacements.push(edit);
    cursor = found + pattern.length;
  }
  return replacements;
}

/**
 * A matched chunk as edits of the file: each run of removed and added lines between two context
 * lines replaces the file's lines there, and the context lines stay the file's own. So a lenient
 * match (trailing whitespace, Unicode punctuation) never rewrites lines the patch only quotes, and
 * lines added at the same place by two chunks come in patch order, as Codex 0.169 applies them.
 * A context line past the match (the final empty line a retry left out) counts as added.
 */
function editsOf(
  chunk: UpdateChunk,
  match: { start: number; length: number; newLines: readonly string[] },
): Replacement[] {
  const edits: Replacement[] = [];
  let oldAt = 0;
  let added: string[] = [];
  const flush = (oldEnd: number) => {
    if (oldEnd > oldAt || added.length > 0)
      edits.push({ start: match.start + oldAt, oldLength: oldEnd - oldAt, newLines: added });
    added = [];
  };
  match.newLines.forEach((line, i) => {
    const origin = chunk.contextOrigins[i];
    if (origin === null || origin === undefined || origin >= match.length || origin < oldAt) {
      added.push(line);
      return;
    }
    flush(origin);
    oldAt = origin + 1;
  });
  flush(match.length);
  return edits;
}

/** One forward pass over sorted replacements: unchanged runs and new lines, in order. */
function segmentsOf(file: FileLines, replacements: readonly Replacement[]): Segment[] {
  const segments: Segment[] = [];
  let position = 0;
  for (const { start, oldLength, newLines } of replacements) {
    const from = Math.max(start, position);
    if (from > position) segments.push({ from: position, to: Math.min(from, file.count) });
    if (newLines.length > 0) segments.push({ lines: newLines });
    position = Math.max(position, Math.min(file.count, from + oldLength));
  }
  if (position < file.count) segments.push({ from: position, to: file.count });
  return segments;
}

/** Joins segments, every line followed by the file's line ending. */
function render(file: FileLines, segments: Segment[]): string {
  let out = "";
  for (const segment of segments) {
    if ("lines" in segment) {
      for (const line of segment.lines) out += line + file.eol;
    } else {
      out += file.sliceWithEndings(segment.from, segment.to);
    }
  }
  return out;
}
