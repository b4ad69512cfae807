/**
 * Git facts for session_meta (commit, branch, origin URL), read straight from `.git` files rather
 * than by running `git`: no subprocess before the first model request, and a few hundred
 * microseconds instead of tens of milliseconds.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { findGitRoot, gitDirOf } from "../git/repository.ts";
import type { GitInfo } from "./types.ts";

// No regular expressions here: this runs before every session's first request, and the first
// regular expression a process runs costs it ~1.4 MiB (docs/performance.md, exec's memory).
const isCommitHash = (text: string) =>
  text.length >= 40 &&
  text.length <= 64 &&
  [...text].every((c) => (c >= "0" && c <= "9") || (c >= "a" && c <= "f"));

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** The git directory for `cwd` (follows the `.git` file of worktrees and submodules), or null. */
function findGitDir(cwd: string): string | null {
  const root = findGitRoot(cwd);
  return root === null ? null : gitDirOf(root);
}

/** The shared git directory of a worktree (`commondir`), where refs and config live. */
function commonDir(gitDir: string): string {
  const text = readText(join(gitDir, "commondir"));
  return text ? resolve(gitDir, text.trim()) : gitDir;
}

function resolveRef(gitDir: string, common: string, ref: string): string | undefined {
  for (const base of [gitDir, common]) {
    const text = readText(join(base, ref));
    if (text) return text.trim();
  }
  const packed = readText(join(common, "packed-refs"));
  if (!packed) return undefined;
  for (const line of packed.split("\n")) {
    const [hash, name] = line.split(" ");
    if (name === ref && hash && isCommitHash(hash)) return hash;
  }
  return undefined;
}

function originUrl(common: string): string | undefined {
  const config = readText(join(common, "config"));
  if (!config) return undefined;
  const lines = config.split("\n");
  // The section's header, alone on its line or followed by a comment.
  const header = lines.findIndex((line) => {
    const text = line.trim();
    const rest = text.slice('[remote "origin"]'.length).trim();
    return text.startsWith('[remote "origin"]') && (rest === "" || rest[0] === "#" || rest[0] === ";");
  });
  if (header < 0) return undefined;
  for (const line of lines.slice(header + 1)) {
    const text = line.trim();
    if (text.startsWith("[")) return undefined;
    const equals = text.indexOf("=");
    if (equals > 0 && text.slice(0, equals).trim() === "url")
      return text.slice(equals + 1).trim() || undefined;
  }
  return undefined;
}

/** Commit, branch and origin URL of the repository containing `cwd`, or null outside git. */
export function collectGitInfo(cwd: string): GitInfo | null {
  const gitDir = findGitDir(cwd);
  if (!gitDir) return null;
  const common = commonDir(gitDir);
  const head = readText(join(gitDir, "HEAD"))?.trim();
  if (!head) return null;
  const info: GitInfo = {};
  const ref = head.startsWith("ref:") ? head.slice(4).trim() : "";
  if (ref !== "") {
    if (ref.startsWith("refs/heads/")) info.branch = ref.slice("refs/heads/".length);
    const hash = resolveRef(gitDir, common, ref);
    if (hash) info.commit_hash = hash;
  } else if (isCommitHash(head)) {
    info.commit_hash = head;
  }
  const url = originUrl(common);
  if (url) info.repository_url = url;
  return info;
}
