/**
 * Whether a failed sandboxed run was probably stopped by the sandbox (Codex's
 * `is_likely_sandbox_denied`): a non-zero exit other than 2 (usage), 126 and 127 (not runnable),
 * with output mentioning a denial, or death by SIGSYS (seccomp).
 */
const DENIAL_WORDS = [
  "operation not permitted",
  "permission denied",
  "read-only file system",
  "seccomp",
  "sandbox",
  "landlock",
];
const SIGSYS_EXIT = 128 + 31;

export function isLikelySandboxDenial(result: { exitCode: number; output: string }): boolean {
  const { exitCode } = result;
  if (exitCode === 0 || exitCode === 2 || exitCode === 126 || exitCode === 127) return false;
  if (exitCode === SIGSYS_EXIT) return true;
  const text = result.output.toLowerCase();
  return DENIAL_WORDS.some((word) => text.includes(word));
}
