/**
 * The file list behind the @ popup. In a git repository it asks git (`git ls-files` for tracked
 * and untracked-but-not-ignored files, so .gitignore is respected); elsewhere it walks the
 * directory, skipping hidden and common build directories, up to a bounded number of files.
 * The list is loaded once, in the background, and cached.
 */
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { type FuzzyMatch, fuzzyFilter } from "./fuzzy.ts";

const WALK_LIMIT = 200_000;
// Hidden folders are skipped by name (see walk).
const SKIP_DIRS = new Set(["node_modules", "target", "dist", "build", "__pycache__"]);

export class FileIndex {
  private files: string[] | null = null;
  private lowered: string[] = [];
  /** The last search (the popup asks more than once per keystroke). */
  private last: { key: string; result: FuzzyMatch[] } | null = null;
  private pending: { key: string; query: string; limit: number; onUpdate: () => void } | null = null;
  private scheduled = false;
  private loading: Promise<string[]> | null = null;

  constructor(private readonly cwd: string) {}

  /** Starts loading (idempotent) and resolves with the list. */
  load(): Promise<string[]> {
    if (this.files) return Promise.resolve(this.files);
    if (!this.loading) {
      this.loading = listFiles(this.cwd).then((files) => {
        this.files = files;
        this.lowered = files.map((f) => f.toLowerCase());
        return files;
      });
    }
    return this.loading;
  }

  isLoaded(): boolean {
    return this.files !== null;
  }

  /**
   * The matches for `query`. Searching a large repository takes a while, so it runs after the
   * current input is handled (a burst of keys costs one search); until then the previous results
   * are returned and `onUpdate` is called when the new ones are ready.
   */
  search(query: string, limit: number, onUpdate: () => void): FuzzyMatch[] {
    if (!this.files) return [];
    const key = `${limit}\0${query}`;
    if (this.last?.key === key) return this.last.result;
    this.pending = { key, query, limit, onUpdate };
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const p = this.pending;
        if (!p || !this.files) return;
        this.pending = null;
        this.last = { key: p.key, result: fuzzyFilter(this.files, p.query, p.limit, this.lowered) };
        p.onUpdate();
      });
    }
    return this.last?.result ?? [];
  }

  /** Whether the results for `query` are the ones being shown. */
  isCurrent(query: string, limit: number): boolean {
    return this.last?.key === `${limit}\0${query}`;
  }
}

async function listFiles(cwd: string): Promise<string[]> {
  const fromGit = await gitLsFiles(cwd);
  if (fromGit) return fromGit;
  return walk(cwd);
}

function gitLsFiles(cwd: string): Promise<string[] | null> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd,
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    child.stdout?.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", () => resolve(null));
    child.on("close", (code) => {
      if (code !== 0) return resolve(null);
      const seen = new Set<string>();
      for (const f of Buffer.concat(chunks).toString("utf8").split("\0")) if (f) seen.add(f);
      resolve([...seen]);
    });
  });
}

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const queue: string[] = [""];
  while (queue.length > 0 && out.length < WALK_LIMIT) {
    const rel = queue.shift() ?? "";
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) queue.push(path);
      } else out.push(path);
    }
  }
  return out;
}
