/** Errors about session files, worded for the person who asked to resume. */

export class RolloutNotFoundError extends Error {
  override name = "RolloutNotFoundError";
}

export class RolloutCorruptError extends Error {
  override name = "RolloutCorruptError";
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}
