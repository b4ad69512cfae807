/**
 * Parser for the apply_patch format, with the reference's leniency: the whole text is trimmed,
 * marker and hunk header lines may be padded with whitespace, a heredoc wrapper (`<<EOF`,
 * `<<'EOF'`, `<<"EOF"`) is stripped, the first chunk of an Update may omit `@@`, and blank lines
 * between chunks are skipped.
 */
import { InvalidHunkError, InvalidPatchError } from "./errors.ts";
import type { Hunk, ParsedPatch, UpdateChunk, UpdateFileHunk } from "./types.ts";

export const BEGIN_PATCH_MARKER = "*** Begin Patch";
export const END_PATCH_MARKER = "*** End Patch";
const ADD_FILE_MARKER = "*** Add File: ";
const DELETE_FILE_MARKER = "*** Delete File: ";
const UPDATE_FILE_MARKER = "*** Update File: ";
const MOVE_TO_MARKER = "*** Move to: ";
const EOF_MARKER = "*** End of File";
const CHANGE_CONTEXT_MARKER = "@@ ";
const EMPTY_CHANGE_CONTEXT_MARKER = "@@";
const NO_LINES = "Update hunk does not contain any lines";

function isHunkHeader(line: string): boolean {
  const trimmed = line.trim();
  return [ADD_FILE_MARKER, DELETE_FILE_MARKER, UPDATE_FILE_MARKER].some((marker) =>
    trimmed.startsWith(marker),
  );
}

/** strict: exactly Begin..End; lenient: also a heredoc wrapper; streaming: End marker optional. */
export type ParseMode = "strict" | "lenient" | "streaming";

/** Splits like Rust's `str::lines`: on "\n", dropping one "\r" before it. */
function splitPatchLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith("\r")) lines[i] = line.slice(0, -1);
  }
  return lines;
}

/** Parses a complete patch (lenient mode, as the reference does for every model). */
export function parsePatch(text: string, options: { mode?: ParseMode } = {}): ParsedPatch {
  return parsePatchText(text, options.mode ?? "lenient");
}

/**
 * Parses patch text that may still be arriving (no `*** End Patch` yet), for progress reporting
 * only: an incomplete final hunk is dropped or cut short. Never apply its result.
 */
export function parsePatchStreaming(text: string): ParsedPatch {
  return parsePatchText(text, "streaming");
}

type Bounds = { first: number; end: number; bodyStart: number; bodyEnd: number };

function parsePatchText(text: string, mode: ParseMode): ParsedPatch {
  const lines = splitPatchLines(text.trim());
  const bounds = findBoundaries(lines, mode);
  const hunks = parseHunkLines(lines, bounds.bodyStart, bounds.bodyEnd, {
    streaming: mode === "streaming",
  });
  return { hunks, patch: lines.slice(bounds.first, bounds.end).join("\n") };
}

function findBoundaries(lines: string[], mode: ParseMode): Bounds {
  if (mode === "streaming" && lines.length > 0 && (lines[0] as string).trim() === BEGIN_PATCH_MARKER) {
    const hasEnd = lines.length > 1 && (lines[lines.length - 1] as string).trim() === END_PATCH_MARKER;
    return { first: 0, end: lines.length, bodyStart: 1, bodyEnd: hasEnd ? lines.length - 1 : lines.length };
  }
  const strictError = checkStrict(lines, 0, lines.length);
  if (strictError === null) return { first: 0, end: lines.length, bodyStart: 1, bodyEnd: lines.length - 1 };
  if (mode === "lenient" && lines.length >= 4) {
    const first = lines[0] as string;
    const last = lines[lines.length - 1] as string;
    if ((first === "<<EOF" || first === "<<'EOF'" || first === '<<"EOF"') && last.endsWith("EOF")) {
      const innerError = checkStrict(lines, 1, lines.length - 1);
      if (innerError !== null) throw innerError;
      return { first: 1, end: lines.length - 1, bodyStart: 2, bodyEnd: lines.length - 2 };
    }
  }
  throw strictError;
}

function checkStrict(lines: string[], start: number, end: number): InvalidPatchError | null {
  const first = end > start ? (lines[start] as string).trim() : null;
  const last = end > start ? (lines[end - 1] as string).trim() : null;
  if (first === BEGIN_PATCH_MARKER && last === END_PATCH_MARKER && end - start >= 2) return null;
  if (first !== null && first !== BEGIN_PATCH_MARKER) {
    return new InvalidPatchError("The first line of the patch must be '*** Begin Patch'");
  }
  return new InvalidPatchError("The last line of the patch must be '*** End Patch'");
}

/**
 * Parses the hunks in `lines[start..end)`. The first hunk header is patch line 2. In streaming
 * mode a failure after at least one hunk stops parsing and returns what was parsed.
 */
function parseHunkLines(
  lines: string[],
  start: number,
  end: number,
  options: { streaming: boolean; firstLineNumber?: number },
): Hunk[] {
  const hunks: Hunk[] = [];
  let index = start;
  let lineNumber = options.firstLineNumber ?? 2;
  while (index < end) {
    let parsed: { hunk: Hunk; consumed: number };
    try {
      parsed = parseOneHunk(lines, index, end, lineNumber, options.streaming);
    } catch (error) {
      if (options.streaming && hunks.length > 0) break;
      throw error;
    }
    hunks.push(parsed.hunk);
    index += parsed.consumed;
    lineNumber += parsed.consumed;
  }
  return hunks;
}

/** Parses one hunk starting at `lines[index]`; returns it and how many lines it used. */
export function parseOneHunk(
  lines: string[],
  index: number,
  end: number,
  lineNumber: number,
  allowIncompleteChunk: boolean,
): { hunk: Hunk; consumed: number } {
  const header = (lines[index] as string).trim();
  if (header.startsWith(ADD_FILE_MARKER)) {
    let contents = "";
    let consumed = 1;
    for (let i = index + 1; i < end; i++) {
      const line = lines[i] as string;
      if (!line.startsWith("+")) break;
      contents += line.slice(1) + "\n";
      consumed++;
    }
    return { hunk: { type: "add", path: header.slice(ADD_FILE_MARKER.length), contents }, consumed };
  }
  if (header.startsWith(DELETE_FILE_MARKER)) {
    return { hunk: { type: "delete", path: header.slice(DELETE_FILE_MARKER.length) }, consumed: 1 };
  }
  if (header.startsWith(UPDATE_FILE_MARKER)) {
    const path = header.slice(UPDATE_FILE_MARKER.length);
    return parseUpdateHunk(lines, index, end, lineNumber, { path, allowIncompleteChunk });
  }
  throw new InvalidHunkError(
    `'${header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'`,
    lineNumber,
  );
}

function parseUpdateHunk(
  lines: string[],
  index: number,
  end: number,
  lineNumber: number,
  options: { path: string; allowIncompleteChunk: boolean },
): { hunk: UpdateFileHunk; consumed: number } {
  let i = index + 1;
  let movePath: string | null = null;
  // Trailing whitespace is not part of the destination (as in Codex 0.169).
  const maybeMove = i < end ? (lines[i] as string).trimEnd() : "";
  if (maybeMove.startsWith(MOVE_TO_MARKER)) {
    movePath = maybeMove.slice(MOVE_TO_MARKER.length);
    i++;
  }
  const chunks: UpdateChunk[] = [];
  while (i < end) {
    const line = lines[i] as string;
    // Blank lines between chunks are skipped; before the first one they are its lines (a blank
    // context line the model wrote first is part of what must match), as in Codex 0.169.
    if (chunks.length > 0 && line.trim() === "") {
      i++;
      continue;
    }
    // The next hunk's header ends this one; another "*" line is a chunk without "@@" (an error,
    // worded as 0.169 words it). While streaming, a header may still be arriving.
    if (options.allowIncompleteChunk ? line.startsWith("*") : isHunkHeader(line)) break;
    if (options.allowIncompleteChunk && line === "@") break;
    let parsed: { chunk: UpdateChunk; consumed: number };
    try {
      parsed = parseUpdateChunk(lines, i, end, lineNumber + (i - index), chunks.length === 0);
    } catch (error) {
      const incomplete = error instanceof InvalidHunkError && error.message === NO_LINES;
      if (options.allowIncompleteChunk && chunks.length > 0 && incomplete) break;
      throw error;
    }
    chunks.push(parsed.chunk);
    i += parsed.consumed;
  }
  if (chunks.length === 0) {
    throw new InvalidHunkError(`Update file hunk for path '${options.path}' is empty`, lineNumber);
  }
  return { hunk: { type: "update", path: options.path, movePath, chunks }, consumed: i - index };
}

function parseUpdateChunk(
  lines: string[],
  index: number,
  end: number,
  lineNumber: number,
  allowMissingContext: boolean,
): { chunk: UpdateChunk; consumed: number } {
  const first = lines[index] as string;
  // Trailing whitespace is not part of a chunk header ("@@ " is "@@"), as in Codex 0.169.
  const header = first.trimEnd();
  let changeContext: string | null = null;
  let startOffset = 0;
  if (header === EMPTY_CHANGE_CONTEXT_MARKER) {
    startOffset = 1;
  } else if (header.startsWith(CHANGE_CONTEXT_MARKER)) {
    changeContext = header.slice(CHANGE_CONTEXT_MARKER.length);
    startOffset = 1;
  } else if (!allowMissingContext) {
    throw new InvalidHunkError(
      `Expected update hunk to start with a @@ context marker, got: '${first}'`,
      lineNumber,
    );
  }
  if (index + startOffset >= end) throw new InvalidHunkError(NO_LINES, lineNumber + 1);
  const chunk: UpdateChunk = {
    changeContext,
    oldLines: [],
    newLines: [],
    contextOrigins: [],
    isEndOfFile: false,
  };
  const pushContext = (text: string) => {
    chunk.contextOrigins.push(chunk.oldLines.length);
    chunk.oldLines.push(text);
    chunk.newLines.push(text);
  };
  let parsedLines = 0;
  for (let i = index + startOffset; i < end; i++) {
    const line = lines[i] as string;
    if (line.trimEnd() === EOF_MARKER) {
      if (parsedLines === 0) throw new InvalidHunkError(NO_LINES, lineNumber + 1);
      chunk.isEndOfFile = true;
      parsedLines++;
      break;
    }
    const marker = line.charAt(0);
    if (line === "") {
      pushContext("");
    } else if (marker === " ") {
      pushContext(line.slice(1));
    } else if (marker === "+") {
      chunk.contextOrigins.push(null);
      chunk.newLines.push(line.slice(1));
    } else if (marker === "-") {
      chunk.oldLines.push(line.slice(1));
    } else {
      if (parsedLines === 0) {
        throw new InvalidHunkError(
          `Unexpected line found in update hunk: '${line}'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)`,
          lineNumber + startOffset,
        );
      }
      break;
    }
    parsedLines++;
  }
  return { chunk, consumed: parsedLines + startOffset };
}
