/**
 * What one hook's run means, event by event, as 0.169 reads it: exit 0 (optionally with JSON on
 * stdout), exit 2 with a reason on stderr (blocks where the event can be blocked), anything else
 * fails open (the user sees the hook failed; the work goes on).
 */
import type { HookEventName } from "./config.ts";
import type { HookRunResult } from "./runner.ts";

type HookStatus = "completed" | "blocked" | "failed";

export type HookOutcome = {
  status: HookStatus;
  /** Why it blocked (goes to the model) or failed (shown to the user). */
  reason: string | null;
  /** Text for the model (`additionalContext`). */
  context: string | null;
  /** PreToolUse `permissionDecision: "allow"` with `updatedInput`: the rewritten tool input. */
  updatedInput: unknown;
  /** `systemMessage`: a warning shown to the user. */
  systemMessage: string | null;
};

const BLOCKABLE: ReadonlySet<HookEventName> = new Set([
  "UserPromptSubmit",
  "PreToolUse",
  "PostToolUse",
  "Stop",
]);

function outcome(status: HookStatus, reason: string | null, extra: Partial<HookOutcome> = {}): HookOutcome {
  return { status, reason, context: null, updatedInput: undefined, systemMessage: null, ...extra };
}

const trimmed = (text: unknown) => (typeof text === "string" && text.trim() !== "" ? text.trim() : null);

export function hookOutcome(event: HookEventName, run: HookRunResult): HookOutcome {
  if (run.error !== null) return outcome("failed", run.error);
  if (run.exitCode === 2) {
    const reason = trimmed(run.stderr);
    if (!BLOCKABLE.has(event)) return outcome("failed", `${event} hooks cannot block (exit code 2)`);
    return reason
      ? outcome("blocked", reason)
      : outcome("failed", `${event} hook exited with code 2 but did not write a blocking reason to stderr`);
  }
  if (run.exitCode !== 0) return outcome("failed", `hook exited with code ${run.exitCode ?? "unknown"}`);
  const stdout = run.stdout.trim();
  if (stdout === "") return outcome("completed", null);
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    // Plain text on stdout: fine, and meaningless to Codex (JSON-looking text is an error).
    return stdout.startsWith("{") || stdout.startsWith("[")
      ? outcome("failed", `hook returned invalid ${event} JSON output`)
      : outcome("completed", null);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return outcome("failed", `hook returned invalid ${event} JSON output`);
  return jsonOutcome(event, json as Record<string, unknown>);
}

function jsonOutcome(event: HookEventName, json: Record<string, unknown>): HookOutcome {
  const specific = (typeof json.hookSpecificOutput === "object" && json.hookSpecificOutput) || {};
  const { additionalContext, permissionDecision, permissionDecisionReason, updatedInput } =
    specific as Record<string, unknown>;
  const extra = { context: trimmed(additionalContext), systemMessage: trimmed(json.systemMessage) };
  if (event === "PreToolUse" && permissionDecision !== undefined) {
    if (permissionDecision === "deny") {
      const reason = trimmed(permissionDecisionReason);
      return reason
        ? outcome("blocked", reason, extra)
        : outcome(
            "failed",
            "PreToolUse hook returned permissionDecision:deny without a non-empty permissionDecisionReason",
          );
    }
    if (permissionDecision === "allow" && updatedInput !== undefined)
      return outcome("completed", null, { ...extra, updatedInput });
    return outcome(
      "failed",
      `PreToolUse hook returned unsupported permissionDecision:${String(permissionDecision)}`,
    );
  }
  if (json.decision === "block") {
    if (!BLOCKABLE.has(event)) return outcome("failed", `${event} hooks cannot block`);
    const reason = trimmed(json.reason);
    return reason
      ? outcome("blocked", reason, extra)
      : outcome("failed", `${event} hook returned decision:block without a non-empty reason`);
  }
  return outcome("completed", null, extra);
}
