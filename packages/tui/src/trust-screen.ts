/**
 * First run in a directory that was never asked about: ask whether Codex may work here without
 * asking. "Yes" records `projects."<root>".trust_level = "trusted"` in config.toml, "No" records
 * "untrusted", so the question comes once per project, whatever the answer.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TuiSettings } from "./settings.ts";
import { truncatePathStart, visibleWidth, wrapHanging } from "./terminal/text-width.ts";
import type { Theme } from "./terminal/theme.ts";
import type { TrustQuestion } from "./ui/state.ts";
import { shortenPath } from "./views/cell-view.ts";

/** The directory trust is recorded for: the git repository root, else the working directory. */
export function trustRoot(cwd: string): { path: string; isGit: boolean } {
  let dir = cwd;
  for (;;) {
    if (existsSync(join(dir, ".git"))) return { path: dir, isGit: true };
    const parent = dirname(dir);
    if (parent === dir) return { path: cwd, isGit: false };
    dir = parent;
  }
}

export function needsTrustPrompt(settings: TuiSettings): boolean {
  const root = trustRoot(settings.cwd);
  const entry = settings.projects[root.path] ?? settings.projects[settings.cwd];
  return !entry?.trust_level;
}

/** "> You are running Codex in PATH", the path on a line of its own (cut at the start) when narrow. */
function folderLines(path: string, width: number): string[] {
  const head = "> You are running Codex in";
  if (visibleWidth(`${head} ${path}`) <= width) return [`${head} ${path}`];
  return [head, `  ${truncatePathStart(path, width - 2)}`];
}

/** The trust question, drawn in place of the composer. */
export function renderTrustQuestion(
  question: TrustQuestion,
  options: { width: number; theme: Theme },
): string[] {
  const { width, theme } = options;
  const choices = [
    "Yes, allow Codex to work in this folder without asking for approval",
    "No, ask me to approve edits and commands",
  ];
  return [
    ...folderLines(shortenPath(question.folder), width).map((l) => theme.bold(l)),
    "",
    ...wrapHanging(
      question.isGitRepo
        ? "Since this folder is version controlled, you may wish to allow Codex to work in this folder without asking for approval."
        : "Since this folder is not version controlled, we recommend requiring approval of all edits and commands.",
      width,
      "  ",
    ),
    "",
    ...choices.flatMap((o, i) =>
      wrapHanging(o, width, i === question.selected ? `› ${i + 1}. ` : `  ${i + 1}. `).map((l) =>
        i === question.selected ? theme.cyan(l) : l,
      ),
    ),
    "",
    theme.gray("  Press enter to continue"),
  ];
}
