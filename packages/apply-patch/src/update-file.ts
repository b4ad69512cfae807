/**
 * Computes the new contents of a file from Update File chunks, without touching the filesystem.
 * Lines come from splitting on "\n" (a final empty element dropped); files that use CRLF for every
 * line are split on "\r\n" and written back with CRLF. The result always ends with a newline.
 */
import { ApplyPatchError } from "./errors.ts";
import { LineIndex, seekSequence } from "./seek-sequence.ts";
import type { UpdateChunk } from "./types.ts";

type Replacement = { start: number; oldLength: number; newLines: readonly string[] };

/** True when the text has at least one newline and every newline is preceded by "\r". */
export function usesCrlf(contents: string): boolean {
  let newlines = 0;
  let index = contents.indexOf("\n");
  while (index !== -1) {
    if (index === 0 || contents.charCodeAt(index - 1) !== 13) return false;
    newlines++;
    index = contents.indexOf("\n", index + 1);
  }
  return newlines > 0;
}

/** Splits file contents into lines the way the applier sees them. */
export function splitFileLines(contents: string, options: { crlf: boolean }): string[] {
  const lines = contents.split(options.crlf ? "\r\n" : "\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Applies `chunks` to `contents`. `displayPath` names the file in error messages (as the patch
 * wrote it). Throws ApplyPatchError worded like the reference.
 */
export function applyChunks(contents: string, chunks: readonly UpdateChunk[], displayPath: string): string {
  const crlf = usesCrlf(contents);
  const lines = splitFileLines(contents, { crlf });
  const replacements = computeReplacements(lines, chunks, displayPath);
  const result = applyReplacements(lines, replacements);
  if (result.length === 0 || result[result.length - 1] !== "") result.push("");
  return result.join(crlf ? "\r\n" : "\n");
}

function computeReplacements(
  lines: string[],
  chunks: readonly UpdateChunk[],
  displayPath: string,
): Replacement[] {
  const file = new LineIndex(lines);
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
      const at = lines.length > 0 && lines[lines.length - 1] === "" ? lines.length - 1 : lines.length;
      replacements.push({ start: at, oldLength: 0, newLines: chunk.newLines });
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
    replacements.push({ start: found, oldLength: pattern.length, newLines });
    cursor = found + pattern.length;
  }
  // Stable sort, as the reference's; equal starts keep patch order.
  return replacements.sort((a, b) => a.start - b.start);
}

/** One forward pass: copies unchanged runs and splices each replacement (no O(n²) inserts). */
function applyReplacements(lines: string[], replacements: readonly Replacement[]): string[] {
  const out: string[] = [];
  let position = 0;
  for (const { start, oldLength, newLines } of replacements) {
    const from = Math.max(start, position);
    for (let i = position; i < from && i < lines.length; i++) out.push(lines[i] as string);
    for (const line of newLines) out.push(line);
    position = Math.max(position, Math.min(lines.length, from + oldLength));
  }
  for (let i = position; i < lines.length; i++) out.push(lines[i] as string);
  return out;
}
