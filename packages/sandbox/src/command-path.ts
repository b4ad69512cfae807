/** Shell-like command lookup, so a missing command exits 127 (and a non-executable one 126). */
import { accessSync, constants, statSync } from "node:fs";
import { resolve } from "node:path";

export type CommandLookup =
  | { found: true; path: string }
  | { found: false; exitCode: 126 | 127; message: string };

export function lookupCommand(
  program: string,
  options: { path: string | undefined; cwd: string },
): CommandLookup {
  const candidates = program.includes("/")
    ? [resolve(options.cwd, program)]
    : (options.path ?? "/usr/local/bin:/usr/bin:/bin")
        .split(":")
        .map((dir) => resolve(options.cwd, dir || ".", program));
  let exists = false;
  for (const path of candidates) {
    // Most PATH entries lack the program: no exception for those (each one costs a stack trace).
    let info: ReturnType<typeof statSync>;
    try {
      info = statSync(path, { throwIfNoEntry: false });
    } catch {
      continue; // not a directory on the way, a loop, no permission
    }
    if (info === undefined || !info.isFile()) continue;
    exists = true;
    try {
      accessSync(path, constants.X_OK);
      return { found: true, path };
    } catch {}
  }
  return exists
    ? { found: false, exitCode: 126, message: `${program}: Permission denied` }
    : { found: false, exitCode: 127, message: `${program}: command not found` };
}
