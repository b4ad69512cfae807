/**
 * Which files of a workspace a snapshot looks at, read-only. In a git repository git answers:
 * tracked files with their index blob ids (`ls-files -s`), which of them differ from the index
 * (`diff-files`), and untracked files that are not ignored (`ls-files -o --exclude-standard`);
 * every call runs with GIT_OPTIONAL_LOCKS=0 so the user's index is never rewritten. Outside git
 * the directory is walked (`.git` and `node_modules` skipped), up to a count of entries; a folder
 * found bigger than that is not walked again in the same session (a home folder or /tmp would
 * otherwise cost a walk of the budget, and its memory, before and after every turn).
 *
 * Speed (bench/undo-snapshot.ts): the git listings run at the same time, without blocking the event
 * loop, and `ls-files -s` runs only when the index's bytes changed since the last listing (its
 * output depends on nothing else); `diff-files` and `ls-files -o` always run, as only they notice an
 * edited or new file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { findGitRoot } from "../git/repository.ts";

/** A clean tracked file as the index has it: blob id and permission bits. */
export type IndexedFile = { kind: "file"; oid: string; mode: number };

export type Listing = {
  root: string;
  /**
   * Tracked files as the index has them. The same object while the index is unchanged, so two
   * captures can tell cheaply that only `toRead` can differ between them.
   */
  indexed: ReadonlyMap<string, IndexedFile>;
  /** Paths whose working copy must be looked at: changed, conflicted, symlinks, untracked, or all. */
  toRead: string[];
};

const gitEnv = () => ({ ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" });

async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    const child = Bun.spawn(["git", ...args], {
      cwd,
      env: gitEnv(),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "ignore",
    });
    const [text, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    return code === 0 ? text : null;
  } catch {
    return null; // git is not installed, or cwd vanished
  }
}

const split = (text: string) => text.split("\0").filter((part) => part.length > 0);

/** The index's bytes as one id; null when there is no index file (git then lists nothing). */
function indexDigest(path: string): string | null {
  try {
    return new Bun.CryptoHasher("sha1").update(readFileSync(path)).digest("hex");
  } catch {
    return null;
  }
}

type Parsed = { indexed: Map<string, IndexedFile>; alwaysRead: string[] };

/** `ls-files -s` records: "<mode> <oid> <stage>\t<path>". */
function parseStaged(text: string): Parsed {
  const indexed = new Map<string, IndexedFile>();
  const alwaysRead = new Set<string>();
  for (const record of split(text)) {
    const tab = record.indexOf("\t");
    const [mode, oid, stage] = record.slice(0, tab).split(" ");
    const path = record.slice(tab + 1);
    if (mode === "160000") continue; // a submodule: not ours to snapshot
    // A conflicted path (stage > 0) and a symlink (its state is its target) are read from disk.
    if (stage !== "0" || mode === "120000" || oid === undefined) alwaysRead.add(path);
    else indexed.set(path, { kind: "file", oid, mode: Number.parseInt(mode ?? "0", 8) & 0o777 });
  }
  for (const path of alwaysRead) indexed.delete(path);
  return { indexed, alwaysRead: [...alwaysRead] };
}

type Repository = { root: string; indexPath: string };

const SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);
const NOTHING_INDEXED: ReadonlyMap<string, IndexedFile> = new Map();

/**
 * Every file under `root`; null when the walk meets more than `maxEntries` entries (files, folders
 * and anything else count alike, so a tree of empty folders is bounded too).
 */
function walkListing(root: string, maxEntries: number): Listing | null {
  const files: string[] = [];
  const stack = [root];
  let entries = 0;
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let names: import("node:fs").Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries += names.length;
    if (entries > maxEntries) return null;
    for (const entry of names) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) stack.push(path);
      } else if (entry.isFile() || entry.isSymbolicLink()) files.push(relative(root, path));
    }
  }
  return { root, indexed: NOTHING_INDEXED, toRead: files };
}

/** Lists workspaces for one session, remembering what stays valid between listings. */
export class WorkspaceLister {
  /** Per cwd: the repository git named, and the `.git` it was found by (a change asks git again). */
  private readonly repositories = new Map<string, { found: string; repository: Repository | null }>();
  /** The last `ls-files -s`, parsed, and the index bytes it came from. */
  private index: { path: string; digest: string; parsed: Parsed } | null = null;

  /** Folders outside git found too big to walk, with the reason given (asked once per session). */
  private readonly tooBig = new Map<string, string>();

  constructor(private readonly options: { maxEntries: number }) {}

  /** The files to snapshot for a turn in `cwd`; a string saying why when it cannot be done. */
  async list(cwd: string): Promise<Listing | string> {
    const repository = await this.repository(cwd);
    if (repository !== null) return this.gitListing(repository);
    const refused = this.tooBig.get(cwd);
    if (refused !== undefined) return refused;
    const listing = walkListing(cwd, this.options.maxEntries);
    if (listing !== null) return listing;
    const reason = `${cwd} has more than ${this.options.maxEntries} files and folders and is not a git repository`;
    this.tooBig.set(cwd, reason);
    return reason;
  }

  /**
   * The git work tree holding `cwd`, or null. Outside a repository (core's one test for that) git
   * is not started at all; inside, git names the top and the index file (it also refuses
   * repositories it would not trust, which are then walked as plain folders).
   */
  private async repository(cwd: string): Promise<Repository | null> {
    const found = findGitRoot(cwd);
    if (found === null) return null;
    const known = this.repositories.get(cwd);
    if (known?.found === found) return known.repository;
    const out = await git(cwd, ["rev-parse", "--show-toplevel", "--git-path", "index"]);
    const [top, indexPath] = (out ?? "").split("\n");
    const repository = top && indexPath ? { root: top, indexPath: resolve(cwd, indexPath) } : null;
    this.repositories.set(cwd, { found, repository });
    return repository;
  }

  /**
   * The listing, from answers git gave about one and the same index: when the index changed while
   * git was asked (the user ran `git add`), it is asked again, at most three times in all.
   */
  private async gitListing(repository: Repository): Promise<Listing | string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const digest = indexDigest(repository.indexPath);
      const listing = await this.gitListingOnce(repository, digest);
      if (listing === null) return `git could not list the files of ${repository.root}`;
      const settled = indexDigest(repository.indexPath) === digest;
      if (settled && digest !== null)
        this.index = { path: repository.indexPath, digest, parsed: listing.parsed };
      if (settled) return listing.listing;
    }
    return `the git index of ${repository.root} kept changing while its files were listed`;
  }

  private async gitListingOnce(
    { root, indexPath }: Repository,
    digest: string | null,
  ): Promise<{ listing: Listing; parsed: Parsed } | null> {
    const cached = this.index?.path === indexPath && this.index.digest === digest ? this.index.parsed : null;
    const [staged, modified, untracked] = await Promise.all([
      cached === null ? git(root, ["ls-files", "-s", "-z"]) : Promise.resolve(""),
      git(root, ["diff-files", "--name-only", "-z"]),
      git(root, ["ls-files", "-o", "--exclude-standard", "-z"]),
    ]);
    if (staged === null || modified === null || untracked === null) return null;
    const parsed = cached ?? parseStaged(staged);
    const toRead = new Set([...parsed.alwaysRead, ...split(modified), ...split(untracked)]);
    return { listing: { root, indexed: parsed.indexed, toRead: [...toRead] }, parsed };
  }
}
