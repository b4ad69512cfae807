/** Checks done before a session starts: the git-repository check and the output schema file. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ExecUsageError } from "./prompt.ts";

export function isInsideGitRepo(cwd: string): boolean {
  let dir = cwd;
  for (;;) {
    if (existsSync(join(dir, ".git"))) return true;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

export const NOT_TRUSTED_MESSAGE =
  "Not inside a trusted directory and --skip-git-repo-check was not specified.";

/** Reads and parses `--output-schema FILE`; throws ExecUsageError with a one-line message. */
export async function loadOutputSchema(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
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
