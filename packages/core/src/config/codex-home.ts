import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { homeDir } from "../os-facts.ts";
import { ConfigError } from "./errors.ts";

/** `$CODEX_HOME`, or `~/.codex`. A CODEX_HOME that is set must be an existing directory. */
export function codexHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CODEX_HOME;
  if (fromEnv !== undefined && fromEnv !== "") {
    const dir = resolve(fromEnv);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir)
      throw new ConfigError(
        `CODEX_HOME points to ${dir}, which is not a directory; create it or unset CODEX_HOME`,
      );
    return dir;
  }
  return join(homeDir(env), ".codex");
}
