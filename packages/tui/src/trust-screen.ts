/** The trust question's screen: whether Codex may work in this folder without asking. */
import { truncatePathStart, visibleWidth, wrapHanging } from "./terminal/text-width.ts";
import type { Theme } from "./terminal/theme.ts";
import type { TrustQuestion } from "./ui/state.ts";
import { shortenPath } from "./views/cell-view.ts";

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
