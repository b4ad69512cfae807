/**
 * What the reviewer is asked, per target, and the short label front ends show for it. For a base
 * branch the merge base is worked out here (read-only git), so the reviewer diffs against exactly
 * what the branch would merge.
 */
import type { ReviewRequest, ReviewTarget } from "@codex/protocol";

/** `node:child_process`, loaded on first use: importing it costs every start (docs/performance.md). */
const childProcess = () => process.getBuiltinModule("node:child_process");

/** The label of a target ("current changes", "commit 1a2b3c4: Fix it"), as Codex 0.169 words it. */
function reviewHint(target: ReviewTarget): string {
  switch (target.type) {
    case "uncommittedChanges":
      return "current changes";
    case "baseBranch":
      return `changes against '${target.branch}'`;
    case "commit": {
      const short = target.sha.slice(0, 7);
      return target.title ? `commit ${short}: ${target.title}` : `commit ${short}`;
    }
    case "custom":
      return target.instructions.trim();
  }
}

/** `git merge-base HEAD <branch>` in `cwd`; null when git cannot tell (no such branch, no repo). */
function mergeBase(cwd: string, branch: string): string | null {
  const run = childProcess().spawnSync("git", ["merge-base", "HEAD", branch], {
    cwd,
    encoding: "utf8",
    // A review must leave the user's repository exactly as it was: no index refresh, no lock files.
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const sha = run.status === 0 ? run.stdout.trim() : "";
  return /^[0-9a-f]{7,64}$/.test(sha) ? sha : null;
}

/** The user message that starts the review sub-thread. */
export function reviewPrompt(target: ReviewTarget, cwd: string): string {
  switch (target.type) {
    case "uncommittedChanges":
      return "Review the uncommitted changes in this repository: staged, unstaged and untracked files (see `git status`, `git diff --cached`, `git diff`, and read the untracked files). Report prioritized findings.";
    case "baseBranch": {
      const base = mergeBase(cwd, target.branch);
      return base !== null
        ? `Review what the current branch would merge into '${target.branch}'. Their merge base is commit ${base}: run \`git diff ${base}\` to see those changes. Report prioritized, actionable findings.`
        : `Review what the current branch would merge into '${target.branch}'. First find the merge base, e.g. \`git merge-base HEAD "$(git rev-parse --abbrev-ref "${target.branch}@{upstream}")"\` or \`git merge-base HEAD ${target.branch}\`, then run \`git diff\` against that commit. Report prioritized, actionable findings.`;
    }
    case "commit":
      return target.title
        ? `Review the changes made by commit ${target.sha} ("${target.title}"), e.g. with \`git show ${target.sha}\`. Report prioritized, actionable findings.`
        : `Review the changes made by commit ${target.sha}, e.g. with \`git show ${target.sha}\`. Report prioritized, actionable findings.`;
    case "custom":
      return target.instructions;
  }
}

/** The request with its hint filled in (the caller's hint wins). */
export function withHint(request: ReviewRequest): ReviewRequest & { user_facing_hint: string } {
  return { ...request, user_facing_hint: request.user_facing_hint ?? reviewHint(request.target) };
}
