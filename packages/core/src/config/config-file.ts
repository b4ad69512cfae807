/**
 * Reading and rewriting config files: `update` reads the text, applies a comment-preserving edit
 * (see toml-edit.ts) and replaces the file atomically (temporary file + rename, mode kept, 0600
 * for a new file), so a crash never leaves half a config.toml. An edit that would leave text
 * that does not parse is refused and the file stays as it was.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";
import { ConfigError } from "./errors.ts";
import { setTomlValue, type TomlValue } from "./toml-edit.ts";

/** `$CODEX_HOME/config.toml`. */
export function userConfigPath(codexHome: string): string {
  return join(codexHome, "config.toml");
}

/**
 * A config file's version for compare-and-swap writes (app-server's `expectedVersion`): a hash
 * of its text; a missing or unreadable file has the empty text's version.
 */
export function configFileVersion(path: string | null): string {
  let text = "";
  try {
    text = path === null ? "" : readFileSync(path, "utf8");
  } catch {
    // Missing: the empty version.
  }
  return `sha256:${new Bun.CryptoHasher("sha256").update(text).digest("hex")}`;
}

/** The file's text; "" when it does not exist. */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function writeConfigText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  let mode = 0o600;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    // A new file.
  }
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode });
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new ConfigError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/**
 * Applies `edit` to the file's text and writes the result when it changed. Returns whether the
 * file changed. The edited text must still parse as TOML.
 */
export function updateConfigFile(path: string, edit: (text: string) => string): boolean {
  const before = readConfigText(path);
  if (before !== "") {
    try {
      parse(before);
    } catch (error) {
      throw new ConfigError(`${path} is not valid TOML, so it was not changed: ${(error as Error).message}`);
    }
  }
  const after = edit(before);
  if (after === before) return false;
  try {
    parse(after);
  } catch (error) {
    throw new ConfigError(
      `editing ${path} would break it, so it was not changed: ${(error as Error).message}`,
    );
  }
  writeConfigText(path, after);
  return true;
}

/** One change to a config file: set `path` to `value`. */
export type ConfigEdit = { path: string[]; value: TomlValue };

/** Applies edits to `$CODEX_HOME/config.toml` (the writer front ends use, e.g. to persist `/model`). */
export function updateUserConfig(codexHome: string, edits: readonly ConfigEdit[]): void {
  updateConfigFile(userConfigPath(codexHome), (text) =>
    edits.reduce((acc, edit) => setTomlValue(acc, edit.path, edit.value), text),
  );
}

/** Marks a project directory trusted or untrusted (`projects."<path>".trust_level`). */
export function setProjectTrustLevel(
  codexHome: string,
  projectPath: string,
  level: "trusted" | "untrusted",
): void {
  updateUserConfig(codexHome, [{ path: ["projects", projectPath, "trust_level"], value: level }]);
}
