/**
 * Code review: what to review (the target), and the structured result the reviewer returns. The
 * JSON shapes are Codex 0.169's (`ReviewTarget`, `ReviewOutputEvent`), so rollouts and app-server
 * clients read the same fields.
 */

export type ReviewTarget =
  /** Staged, unstaged and untracked changes of the working tree. */
  | { type: "uncommittedChanges" }
  /** What the current branch would merge into `branch`. */
  | { type: "baseBranch"; branch: string }
  /** The changes one commit introduced; `title` is shown to the user when given. */
  | { type: "commit"; sha: string; title?: string | null }
  /** Free-form instructions, sent to the reviewer verbatim. */
  | { type: "custom"; instructions: string };

export type ReviewRequest = {
  target: ReviewTarget;
  /** A short label of the target for front ends ("current changes", "commit abc1234"). */
  user_facing_hint?: string;
};

export type ReviewLineRange = { start: number; end: number };

export type ReviewFinding = {
  title: string;
  body: string;
  confidence_score: number;
  /** 0 (drop everything) … 3 (nice to have); null when the reviewer gave none. */
  priority: number | null;
  code_location: { absolute_file_path: string; line_range: ReviewLineRange };
};

export type ReviewOutput = {
  findings: ReviewFinding[];
  /** "patch is correct" or "patch is incorrect" (empty when the reviewer answered in prose). */
  overall_correctness: string;
  overall_explanation: string;
  overall_confidence_score: number;
};
