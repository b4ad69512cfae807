/**
 * Errors worded as the reference words them, so a model reading them can correct its patch.
 * `ParseError.message` is the bare message; `describeParseError` gives the CLI's one-line form.
 */

/** The patch text as a whole is malformed (missing Begin/End markers). */
export class InvalidPatchError extends Error {
  override readonly name = "InvalidPatchError";
}

/** One hunk is malformed; `lineNumber` is 1-based within the patch (Begin Patch is line 1). */
export class InvalidHunkError extends Error {
  override readonly name = "InvalidHunkError";
  readonly lineNumber: number;
  constructor(message: string, lineNumber: number) {
    super(message);
    this.lineNumber = lineNumber;
  }
}

export type ParseError = InvalidPatchError | InvalidHunkError;

/** Applying failed (file missing, context not found, write failed...). Changes already made stay. */
export class ApplyPatchError extends Error {
  override readonly name = "ApplyPatchError";
}

/** How the apply_patch CLI reports a parse error on stderr. */
export function describeParseError(error: ParseError): string {
  if (error instanceof InvalidHunkError) {
    return `Invalid patch hunk on line ${error.lineNumber}: ${error.message}`;
  }
  return `Invalid patch: ${error.message}`;
}

export function isParseError(error: unknown): error is ParseError {
  return error instanceof InvalidPatchError || error instanceof InvalidHunkError;
}
