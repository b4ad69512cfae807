/**
 * The one answer in core to "is this folder a git repository, and where does it start". A folder is
 * a repository root only when its `.git` is a directory holding `HEAD`, or a file whose `gitdir:`
 * line names an existing directory (a worktree or a submodule). An empty `.git` directory is not
 * one: sandboxes leave such mount points behind (Codex 0.169's bubblewrap leaves `/tmp/.git`), and
 * git itself walks past them.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The git directory of the repository whose root is `dir`, or null when `dir` is not a root. */
export function gitDirOf(dir: string): string | null {
  const dotGit = join(dir, ".git");
  let text: string;
  try {
    if (statSync(dotGit).isDirectory()) return exists(join(dotGit, "HEAD")) ? dotGit : null;
    text = readFileSync(dotGit, "utf8");
  } catch {
    return null;
  }
  const line = /^gitdir:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (!line) return null;
  const target = isAbsolute(line) ? line : resolve(dir, line);
  return isDirectory(target) ? target : null;
}

/** Whether `dir` is the root of a git repository (see the file comment for what counts). */
export function isGitRepoRoot(dir: string): boolean {
  return gitDirOf(dir) !== null;
}

/** The root of the repository holding `cwd`: the nearest folder at or above it that is one. */
export function findGitRoot(cwd: string): string | null {
  for (let dir = resolve(cwd); ; ) {
    if (isGitRepoRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
