/** @codex/apply-patch: the apply_patch format's parser and applier, previews, and CLI mode. */
export type { AffectedPaths, AppliedChange, ApplyOptions, ApplyResult } from "./apply.ts";
export { applyHunks, applyPatch, formatSummary } from "./apply.ts";
export type { ApplyPatchCliIo } from "./cli.ts";
export { runApplyPatchCli } from "./cli.ts";
export type { ParseError } from "./errors.ts";
export {
  ApplyPatchError,
  describeParseError,
  InvalidHunkError,
  InvalidPatchError,
  isParseError,
} from "./errors.ts";
export type { PatchFileSystem } from "./file-system.ts";
export { describeIoError, nodeFileSystem } from "./file-system.ts";
export type { HeredocCall } from "./heredoc-script.ts";
export { extractHeredocCall } from "./heredoc-script.ts";
export type { ApplyPatchInvocation } from "./invocation.ts";
export { detectApplyPatchInvocation, IMPLICIT_INVOCATION_MESSAGE } from "./invocation.ts";
export type { DiffOp } from "./line-diff.ts";
export { diffLines } from "./line-diff.ts";
export { OverlayFileSystem } from "./overlay-file-system.ts";
export type { ParseMode } from "./parser.ts";
export { parsePatch, parsePatchStreaming } from "./parser.ts";
export type { PatchChange, PatchChangeKind, PatchPreview, PreviewOptions } from "./preview.ts";
export { previewHunks, previewPatch } from "./preview.ts";
export { foldPunctuation } from "./seek-sequence.ts";
export type { StreamingPatchFile, StreamingPatchProgress } from "./streaming-parser.ts";
export { StreamingPatchParser } from "./streaming-parser.ts";
export type { AddFileHunk, DeleteFileHunk, Hunk, ParsedPatch, UpdateChunk, UpdateFileHunk } from "./types.ts";
export { unifiedDiff } from "./unified-diff.ts";
export { applyChunks } from "./update-file.ts";
