/**
 * /review: a code review in a read-only sub-thread, as in Codex 0.169. Without arguments a picker
 * offers the targets; `/review --uncommitted`, `/review --base BRANCH`, `/review --commit SHA
 * [TITLE]` or `/review INSTRUCTIONS` start one at once. When the review ends with findings, they
 * are a list to step through; choosing one shows the lines it points at (findingsPicker).
 */
import type { ReviewFinding, ReviewTarget } from "@codex/protocol";
import type { UiEffect } from "../ui/effects.ts";
import type { Picker, UiState } from "../ui/state.ts";
import type { SlashCommand } from "./command.ts";
import { notice } from "./notice.ts";

function start(target: ReviewTarget): UiEffect[] {
  return [{ type: "submit", op: { type: "review", review_request: { target } } }];
}

/** The target named by `/review` arguments; a string is a usage problem to show. */
function parseReviewArgs(args: string): ReviewTarget | string {
  const [flag, value, ...rest] = args.split(/\s+/);
  if (flag === "--uncommitted") return { type: "uncommittedChanges" };
  if (flag === "--base")
    return value ? { type: "baseBranch", branch: value } : "Usage: /review --base BRANCH";
  if (flag === "--commit") {
    if (!value) return "Usage: /review --commit SHA [TITLE]";
    return rest.length > 0
      ? { type: "commit", sha: value, title: rest.join(" ") }
      : { type: "commit", sha: value };
  }
  return { type: "custom", instructions: args };
}

/** Choosing a row that needs more input puts the command in the composer to finish. */
function complete(state: UiState, text: string): UiEffect[] {
  state.composer.setText(text);
  return [];
}

export const reviewCommand: SlashCommand = {
  name: "review",
  description: "review my current changes and find issues",
  availableDuringTask: false,
  run(state, args) {
    if (args) {
      const target = parseReviewArgs(args);
      if (typeof target === "string") {
        notice(state, "error", target);
        return [];
      }
      return start(target);
    }
    const rows: Array<{ label: string; choose: (s: UiState) => UiEffect[] }> = [
      { label: "Review uncommitted changes", choose: () => start({ type: "uncommittedChanges" }) },
      { label: "Review against a base branch", choose: (s) => complete(s, "/review --base ") },
      { label: "Review a commit", choose: (s) => complete(s, "/review --commit ") },
      { label: "Custom review instructions", choose: (s) => complete(s, "/review ") },
    ];
    state.picker = {
      title: "Select a review preset",
      rows: rows.map((r, i) => ({ label: `${i + 1}. ${r.label}` })),
      selected: 0,
      choose: (s, i) => rows[i]?.choose(s) ?? [],
    };
    return [];
  },
};

/** The findings of a finished review as a list; choosing one shows its lines. */
export function findingsPicker(findings: readonly ReviewFinding[]): Picker {
  return {
    title: `Review findings (${findings.length}) — Enter shows the lines, Esc closes`,
    rows: findings.map((f) => {
      const { absolute_file_path, line_range } = f.code_location;
      return { label: f.title, description: `${absolute_file_path}:${line_range.start}-${line_range.end}` };
    }),
    selected: 0,
    choose: (state, index) => {
      const finding = findings[index];
      if (!finding) return [];
      // Keep the list open: the next finding is one key away.
      state.picker = { ...findingsPicker(findings), selected: index };
      const { absolute_file_path, line_range } = finding.code_location;
      return [
        {
          type: "show-location",
          title: finding.title,
          body: finding.body,
          path: absolute_file_path,
          start: line_range.start,
          end: line_range.end,
        },
      ];
    },
  };
}
