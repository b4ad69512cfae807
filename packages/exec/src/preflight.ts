/**
 * Checks done before a session starts: the output schema file and the `-o` file (opened up front,
 * as Codex 0.169 does, so a bad path fails before any model request). Whether the directory is a
 * git repository is core's to say (`projectTrust`).
 */
import { closeSync, openSync, readFileSync } from "node:fs";
import { ExecUsageError } from "./prompt.ts";

export const NOT_TRUSTED_MESSAGE =
  "Not inside a trusted directory and --skip-git-repo-check was not specified.";

/** Reads and parses `--output-schema FILE`; throws ExecUsageError with a one-line message. */
export async function loadOutputSchema(path: string): Promise<unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExecUsageError(
      `Failed to read output schema file ${path}: ${code ?? (error as Error).message}`,
    );
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new ExecUsageError(`Output schema file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    throw new ExecUsageError(`Output schema file ${path} must contain a JSON object (a JSON Schema).`);
  return schema;
}

/** "No such file or directory (ENOENT)" from a Node filesystem error. */
export function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  return code ? `${sentence} (${code})` : sentence;
}

/**
 * Creates the `-o` file if it is missing (an existing one keeps its contents until a turn
 * completes); throws when it cannot be opened for writing (printed as `Error: …`, exit 1).
 */
export async function checkLastMessageFile(path: string): Promise<void> {
  try {
    closeSync(openSync(path, "a"));
  } catch (error) {
    throw new Error(`Failed to open last message file "${path}": ${describeFsError(error)}`);
  }
}
