import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findGitRoot, gitDirOf, isGitRepoRoot } from "../../src/git/repository.ts";

/** A fresh folder (real path, so it compares with what the helper returns). */
function fresh(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "codex-git-root-")));
}

function git(cwd: string, ...args: string[]): void {
  const run = Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
  });
  if (run.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr.toString()}`);
}

describe("what counts as a git repository root", () => {
  test("an empty .git directory is not one", () => {
    const dir = fresh();
    mkdirSync(join(dir, ".git"));
    mkdirSync(join(dir, "src"));
    expect(isGitRepoRoot(dir)).toBe(false);
    expect(findGitRoot(join(dir, "src"))).toBeNull();
  });

  test("a .git directory without HEAD (only config, objects, refs) is not one", () => {
    const dir = fresh();
    mkdirSync(join(dir, ".git", "objects"), { recursive: true });
    mkdirSync(join(dir, ".git", "refs"));
    writeFileSync(join(dir, ".git", "config"), "[core]\n");
    expect(isGitRepoRoot(dir)).toBe(false);
  });

  test("`git init` makes one, found from a folder below it", () => {
    const dir = fresh();
    git(dir, "init", "-q");
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    expect(gitDirOf(dir)).toBe(join(dir, ".git"));
    expect(findGitRoot(join(dir, "a", "b"))).toBe(dir);
  });

  test("an empty .git inside a repository does not hide the repository's root", () => {
    const dir = fresh();
    git(dir, "init", "-q");
    mkdirSync(join(dir, "sub", ".git"), { recursive: true });
    expect(findGitRoot(join(dir, "sub"))).toBe(dir);
  });

  test("a worktree's .git file counts, and leads to its git directory", () => {
    const base = fresh();
    const main = join(base, "main");
    mkdirSync(main);
    git(main, "init", "-q");
    git(main, "commit", "-q", "--allow-empty", "-m", "first");
    git(main, "worktree", "add", "-q", join(base, "wt"));
    expect(findGitRoot(join(base, "wt"))).toBe(join(base, "wt"));
    expect(gitDirOf(join(base, "wt"))).toBe(join(main, ".git", "worktrees", "wt"));
  });

  test("a .git file counts only when its gitdir: line names an existing directory", () => {
    const base = fresh();
    mkdirSync(join(base, "gitdirs", "x"), { recursive: true });
    const relative = join(base, "relative");
    const dangling = join(base, "dangling");
    const junk = join(base, "junk");
    for (const dir of [relative, dangling, junk]) mkdirSync(dir);
    writeFileSync(join(relative, ".git"), "gitdir: ../gitdirs/x\n");
    writeFileSync(join(dangling, ".git"), `gitdir: ${join(base, "missing")}\n`);
    writeFileSync(join(junk, ".git"), "not a pointer\n");
    expect(gitDirOf(relative)).toBe(join(base, "gitdirs", "x"));
    expect(isGitRepoRoot(dangling)).toBe(false);
    expect(isGitRepoRoot(junk)).toBe(false);
  });
});
