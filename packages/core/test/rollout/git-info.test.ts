/** session_meta's git facts, read from `.git` files: checked against what git itself says. */
import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectGitInfo } from "../../src/rollout/git-info.ts";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

function repository(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "codex-git-info-")));
  git(dir, "init", "-q", "-b", "main");
  writeFileSync(join(dir, "a.txt"), "a\n");
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "one");
  return dir;
}

test("branch, commit and origin URL, as git reports them", () => {
  const dir = repository();
  git(dir, "config", "core.editor", "vi");
  git(dir, "remote", "add", "upstream", "https://example.com/upstream.git");
  git(dir, "remote", "add", "origin", "git@example.com:team/project.git");
  git(dir, "config", "branch.main.remote", "origin");
  expect(collectGitInfo(dir)).toEqual({
    branch: "main",
    commit_hash: git(dir, "rev-parse", "HEAD"),
    repository_url: git(dir, "remote", "get-url", "origin"),
  });
});

test("no origin: no URL; a detached HEAD: the commit without a branch", () => {
  const dir = repository();
  git(dir, "remote", "add", "upstream", "https://example.com/upstream.git");
  const commit = git(dir, "rev-parse", "HEAD");
  git(dir, "checkout", "-q", "--detach");
  expect(collectGitInfo(dir)).toEqual({ commit_hash: commit });
});

test("a branch whose ref is packed, and a linked worktree's shared config", () => {
  const dir = repository();
  git(dir, "remote", "add", "origin", "https://example.com/o.git");
  git(dir, "pack-refs", "--all");
  expect(collectGitInfo(dir)?.commit_hash).toBe(git(dir, "rev-parse", "HEAD"));
  const worktree = join(realpathSync(mkdtempSync(join(tmpdir(), "codex-git-info-wt-"))), "wt");
  git(dir, "worktree", "add", "-q", "-b", "feature", worktree);
  expect(collectGitInfo(worktree)).toEqual({
    branch: "feature",
    commit_hash: git(worktree, "rev-parse", "HEAD"),
    repository_url: "https://example.com/o.git",
  });
});

test("origin's URL from a config written by hand: a comment after the header, brackets in the URL", () => {
  const dir = repository();
  const config = readFileSync(join(dir, ".git", "config"), "utf8");
  writeFileSync(
    join(dir, ".git", "config"),
    `${config}[remote "origin"] ; added by hand\n\t# the mirror\n\turl = ssh://git@[::1]:2222/team/repo.git\n[branch "main"]\n\tremote = origin\n`,
  );
  expect(collectGitInfo(dir)?.repository_url).toBe("ssh://git@[::1]:2222/team/repo.git");
});

test("outside git: nothing", () => {
  expect(collectGitInfo(realpathSync(mkdtempSync(join(tmpdir(), "codex-no-git-"))))).toBeNull();
});
