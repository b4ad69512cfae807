/**
 * The config layers, lowest precedence first, as Codex 0.169 stacks them:
 *
 *   system  /etc/codex/config.toml
 *   user    $CODEX_HOME/config.toml, then codex-ts's own $CODEX_HOME/codex-ts.toml
 *   profile $CODEX_HOME/NAME.config.toml (`-p NAME`), or the legacy [profiles.NAME] table
 *   project .codex/config.toml of each folder from the project root down to the cwd, closest last;
 *           only in a trusted project
 *   session -c/--config overrides (then dedicated flags, applied by the loader)
 *
 * Codex 0.169's documentation puts the profile above project files; the 0.169 binary applies it
 * with the user file, below them, and this follows the binary.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse, TomlError } from "smol-toml";
import { isGitRepoRoot } from "../git/repository.ts";
import { ConfigError } from "./errors.ts";
import { applyOverride, type ConfigOverride } from "./overrides.ts";
import { locateKeyPath } from "./toml-document.ts";

export type LayerKind =
  | "system"
  | "user"
  | "codex-ts"
  | "profile"
  | "legacy-profile"
  | "project"
  | "session-flags";

export type ConfigLayer = {
  kind: LayerKind;
  /** The file, or null for -c overrides and a legacy profile (which lives in the user file). */
  path: string | null;
  /** The file's text (for locating keys in messages). */
  text: string | null;
  table: Record<string, unknown>;
  /** Relative paths in this layer resolve from here. */
  baseDir: string;
};

/** Profile names are plain words: no dots or slashes (the file is `NAME.config.toml`). */
export const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

export function readTomlLayer(kind: LayerKind, path: string): ConfigLayer | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return { kind, path, text, table: parse(text) as Record<string, unknown>, baseDir: dirname(path) };
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split("\n")[0]?.replace(/^Invalid TOML document: /, "") ?? "syntax error";
      throw new ConfigError(`${path}:${error.line}:${error.column}: TOML syntax error: ${reason}`);
    }
    throw new ConfigError(`${path}: ${(error as Error).message}`);
  }
}

/** `file:line:column: ` of a key path in a file layer ("" for -c overrides). */
export function locator(layer: ConfigLayer): (path: readonly string[]) => string {
  return (path) => {
    if (layer.path === null || layer.text === null) return "";
    const at = locateKeyPath(layer.text, path);
    return `${layer.path}:${at.line}:${at.column}: `;
  };
}

/** The -c overrides as one layer (relative paths resolve from the cwd). */
export function overridesLayer(overrides: readonly ConfigOverride[], cwd: string): ConfigLayer {
  let table: Record<string, unknown> = {};
  for (const override of overrides) table = applyOverride(table, override);
  return { kind: "session-flags", path: null, text: null, table, baseDir: cwd };
}

/** Whether `dir` holds `marker`; the `.git` marker counts only for a real repository root. */
function hasMarker(dir: string, marker: string): boolean {
  return marker === ".git" ? isGitRepoRoot(dir) : existsSync(join(dir, marker));
}

/** The folder holding one of `markers`, searching up from `cwd`; null when there is none. */
export function findProjectRoot(cwd: string, markers: readonly string[]): string | null {
  let dir = cwd;
  for (;;) {
    if (markers.some((marker) => hasMarker(dir, marker))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Folders from `root` down to `cwd` (just `cwd` without a root). */
function foldersDownTo(root: string | null, cwd: string): string[] {
  const out: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    out.unshift(dir);
    if (root === null || dir === root || dirname(dir) === dir) break;
  }
  return out;
}

/** The `.codex` folders of a project, root first (where project rules and hooks live). */
export function projectCodexFolders(root: string | null, cwd: string): string[] {
  return foldersDownTo(root, cwd)
    .map((dir) => join(dir, ".codex"))
    .filter((path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    });
}

/** The `.codex/config.toml` files of a project, root first (files only; a folder named so is skipped). */
export function projectConfigPaths(root: string | null, cwd: string): string[] {
  return foldersDownTo(root, cwd)
    .map((dir) => join(dir, ".codex", "config.toml"))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
}
