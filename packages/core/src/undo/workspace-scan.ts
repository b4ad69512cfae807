/**
 * Which files of a workspace a snapshot looks at, read-only. In a git repository git answers:
 * tracked files with their index blob ids (`ls-files -s`), which of them differ from the index
 * (`diff-files`), and untracked files that are not ignored (`ls-files -o --exclude-standard`);
 * every call runs with GIT_OPTIONAL_LOCKS=0 so the user's index is never rewritten. Outside git
 * the directory is walked (`.git` and `node_modules` skipped), up to a file count.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { findGitRoot } from "../git/repository.ts";

/** `node:child_process`, loaded on first use: importing it costs every start (docs/performance.md). */
const childProcess = () => process.getBuiltinModule("node:child_process");

/** A path to look at; `indexOid` is set for a tracked file whose working copy matches the index. */
type Listed = { path: string; indexOid: string | null; indexMode: number | null };

export type Listing = { root: string; git: boolean; files: Listed[] };

function git(cwd: string, args: string[]): string | null {
  const run = childProcess().spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  return run.status === 0 ? run.stdout : null;
}

const split = (text: string) => text.split("\0").filter((part) => part.length > 0);

/**
 * The top of the git work tree holding `cwd`, or null. Outside a repository (core's one test for
 * that) git is not started at all; inside, git names the top (it also refuses repositories it
 * would not trust, which are then walked as plain folders).
 */
function gitRoot(cwd: string): string | null {
  if (findGitRoot(cwd) === null) return null;
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  return top === null ? null : top.trim() || null;
}

function gitListing(root: string): Listing | null {
  const staged = git(root, ["ls-files", "-s", "-z"]);
  const modified = git(root, ["diff-files", "--name-only", "-z"]);
  const untracked = git(root, ["ls-files", "-o", "--exclude-standard", "-z"]);
  if (staged === null || modified === null || untracked === null) return null;
  const dirty = new Set(split(modified));
  const byPath = new Map<string, Listed>();
  for (const record of split(staged)) {
    // "<mode> <oid> <stage>\t<path>"; a conflicted path (stage > 0) counts as dirty.
    const tab = record.indexOf("\t");
    const [mode, oid, stage] = record.slice(0, tab).split(" ");
    const path = record.slice(tab + 1);
    if (mode === "160000") continue; // a submodule: not ours to snapshot
    const clean = stage === "0" && !dirty.has(path) && oid !== undefined;
    byPath.set(path, {
      path,
      indexOid: clean ? (oid as string) : null,
      indexMode: clean ? Number.parseInt(mode ?? "0", 8) : null,
    });
  }
  for (const path of split(untracked)) byPath.set(path, { path, indexOid: null, indexMode: null });
  return { root, git: true, files: [...byPath.values()] };
}

const SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);

/** Every file under `root`; null when there are more than `maxFiles`. */
function walkListing(root: string, maxFiles: number): Listing | null {
  const files: Listed[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) stack.push(path);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push({ path: relative(root, path), indexOid: null, indexMode: null });
        if (files.length > maxFiles) return null;
      }
    }
  }
  return { root, git: false, files };
}

/** The files to snapshot for a turn in `cwd`; null (with the reason) when it cannot be done. */
export function listWorkspace(cwd: string, options: { maxFiles: number }): Listing | string {
  const root = gitRoot(cwd);
  if (root !== null) return gitListing(root) ?? `git could not list the files of ${root}`;
  return (
    walkListing(cwd, options.maxFiles) ??
    `${cwd} has more than ${options.maxFiles} files and is not a git repository`
  );
}
