/** Parsed form of an apply_patch body: one hunk per `*** Add/Delete/Update File:` header. */

/** One `@@` section of an Update File hunk. */
export type UpdateChunk = {
  /** Text after `@@ ` (a line located first, which moves the cursor), or null for a bare `@@`. */
  changeContext: string | null;
  /** Lines to find in the file (context and `-` lines), in order. */
  oldLines: string[];
  /** Lines that replace them (context and `+` lines), in order. */
  newLines: string[];
  /**
   * Parallel to `newLines`: for a context line, the index in `oldLines` of the same line (the
   * applier keeps the file's own text there, whatever tier matched it); null for a `+` line.
   */
  contextOrigins: (number | null)[];
  /** Set by `*** End of File`: the old lines must sit at the end of the file. */
  isEndOfFile: boolean;
};

export type AddFileHunk = { type: "add"; path: string; contents: string };
export type DeleteFileHunk = { type: "delete"; path: string };
export type UpdateFileHunk = {
  type: "update";
  path: string;
  movePath: string | null;
  chunks: UpdateChunk[];
};

export type Hunk = AddFileHunk | DeleteFileHunk | UpdateFileHunk;

/** The result of parsing: the hunks and the patch text without any heredoc wrapper. */
export type ParsedPatch = {
  hunks: Hunk[];
  /** The patch body (Begin..End lines joined by "\n"), heredoc wrapper removed. */
  patch: string;
};
