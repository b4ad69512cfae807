/** Policy values shared by config, core, the sandbox and every front end. Wire names match Codex CLI. */

export const APPROVAL_POLICIES = ["untrusted", "on-failure", "on-request", "never"] as const;
/** When the agent must ask a human before running a command. */
export type AskForApproval = (typeof APPROVAL_POLICIES)[number];

export const SANDBOX_MODES = ["read-only", "workspace-write", "danger-full-access"] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];

/** The sandbox a command runs in. Same JSON shape as codex-rs `SandboxPolicy` (tag `mode`). */
export type SandboxPolicy =
  | { mode: "read-only" }
  | { mode: "danger-full-access" }
  | {
      mode: "workspace-write";
      /** Extra writable directories besides the working directory (absolute paths). */
      writable_roots: string[];
      network_access: boolean;
      exclude_tmpdir_env_var: boolean;
      exclude_slash_tmp: boolean;
    };

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export const REASONING_SUMMARIES = ["auto", "concise", "detailed", "none"] as const;
export type ReasoningSummary = (typeof REASONING_SUMMARIES)[number];

export const VERBOSITIES = ["low", "medium", "high"] as const;
export type Verbosity = (typeof VERBOSITIES)[number];

/**
 * A human's answer to an approval request. `approved_execpolicy_amendment`: approved, and the
 * request's `proposed_execpolicy_amendment` prefix is remembered as an allow rule.
 */
export type ReviewDecision =
  | "approved"
  | "approved_for_session"
  | "approved_execpolicy_amendment"
  | "denied"
  | "abort";
