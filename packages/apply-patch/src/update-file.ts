/**
 * Computes the new contents of a file from Update File chunks, without touching the filesystem.
 * Lines are as the reference sees them (split on the line ending, a final empty element
 * dropped); files that use CRLF for every line keep CRLF. The result always ends with a line
 * ending, and a trailing blank line is absorbed as in the reference.
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
      // Pure addition: at the end of the file, before a final empty line if there is one.
      const lastIsEmpty = file.count > 0 && file.lines[file.count - 1] === "";
      replacements.push({
        start: lastIsEmpty ? file.count - 1 : file.count,
        oldLength: 0,
        newLines: chunk.newLines,
      });
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
    replacements.push({
      start: found,
      oldLength: pattern.length,
      newLines: keepMatchedContext(file, chunk, { start: found, length: pattern.length, newLines }),
    });
    cursor = found + pattern.length;
  }
  // Stable sort, as the reference's; equal starts keep patch order.
  return replacements.sort((a, b) => a.start - b.start);
}

/**
 * The replacement lines with each context line taken from the file rather than the patch: a
 * lenient match (trailing whitespace, Unicode punctuation) must not rewrite lines the patch only
 * quotes. Only `+` lines carry the patch's text. (Codex 0.169 does the same; 0.47 did not.)
 */
function keepMatchedContext(
  file: FileLines,
  chunk: UpdateChunk,
  match: { start: number; length: number; newLines: readonly string[] },
): readonly string[] {
  return match.newLines.map((line, i) => {
    const origin = chunk.contextOrigins[i];
    if (origin === null || origin === undefined || origin >= match.length) return line;
    return file.lines[match.start + origin] ?? line;
  });
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

/** Joins segments, every line followed by the file's line ending, minus one trailing blank line. */
function render(file: FileLines, segments: Segment[]): string {
  const last = segments[segments.length - 1];
  if (last !== undefined) {
    if ("lines" in last) {
      if (last.lines[last.lines.length - 1] === "")
        segments[segments.length - 1] = { lines: last.lines.slice(0, -1) };
    } else if (file.lines[last.to - 1] === "") {
      segments[segments.length - 1] = { from: last.from, to: last.to - 1 };
    }
  }
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
