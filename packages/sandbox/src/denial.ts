/**
 * Did the sandbox, rather than the command itself, make this run fail? Same heuristic as codex-rs
 * `is_likely_sandbox_denied`: a non-zero exit other than 2 (usage), 126 or 127 (not runnable), with
 * a telltale phrase in the output; or death by SIGSYS (a seccomp kill).
 */

const SIGSYS = 31;

const DENIAL_PHRASES = [
  "operation not permitted",
  "permission denied",
  "read-only file system",
  "seccomp",
  "sandbox",
  "landlock",
];

const NOT_A_DENIAL = new Set([0, 2, 126, 127]);

/** `output` is the command's stdout and stderr together (or either). */
export function isLikelySandboxDenial(exitCode: number, output: string): boolean {
  if (exitCode === 128 + SIGSYS) return true;
  if (NOT_A_DENIAL.has(exitCode)) return false;
  const text = output.toLowerCase();
  return DENIAL_PHRASES.some((phrase) => text.includes(phrase));
}
