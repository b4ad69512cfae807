/** The v2 `Thread` object and the settings fields of thread/start, resume and fork answers. */
import type { Config } from "@codex/core";
import { type AskForApproval, CODEX_VERSION, type SandboxPolicy } from "@codex/protocol";

export type ThreadStatus =
  | { type: "notLoaded" }
  | { type: "idle" }
  | { type: "systemError" }
  | { type: "active"; activeFlags: string[] };

export type V2Turn = {
  id: string;
  rootTurnId: string;
  items: Array<Record<string, unknown>>;
  itemsView: "notLoaded" | "summary" | "full";
  status: "inProgress" | "completed" | "interrupted" | "failed";
  error: { message: string } | null;
  startedAt: number | null;
  completedAt: number | null;
  durationMs: number | null;
};

export type ThreadFacts = {
  id: string;
  preview: string;
  ephemeral: boolean;
  modelProvider: string;
  model: string | null;
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
  path: string | null;
  cwd: string;
  originator: string;
  source: V2SessionSource;
  forkedFromId: string | null;
};

/** 0.169's v2 `SessionSource`: a name, or `{subAgent}` for a sub-thread such as a review. */
export type V2SessionSource = string | { subAgent: string };

/** A session file's source (`{"subagent": "review"}` for a sub-thread) in the v2 form. */
export function v2SessionSource(source: string | { subagent: string }): V2SessionSource {
  return typeof source === "string" ? source : { subAgent: source.subagent };
}

export function threadObject(facts: ThreadFacts, status: ThreadStatus, turns: V2Turn[]): object {
  return {
    id: facts.id,
    sessionId: facts.id,
    forkedFromId: facts.forkedFromId,
    parentThreadId: null,
    preview: facts.preview,
    ephemeral: facts.ephemeral,
    projectId: null,
    modelProvider: facts.modelProvider,
    model: facts.model,
    reasoningEffort: null,
    createdAt: facts.createdAt,
    updatedAt: facts.updatedAt,
    status,
    path: facts.path,
    cwd: facts.cwd,
    cliVersion: CODEX_VERSION,
    originator: facts.originator,
    source: facts.source,
    gitInfo: null,
    name: null,
    turns,
  };
}

/** Our 0.47-era `on-failure` has no v2 name; 0.169 treats it as `on-request`. */
export function approvalPolicyV2(policy: AskForApproval): string {
  return policy === "on-failure" ? "on-request" : policy;
}

function sandboxPolicyV2(policy: SandboxPolicy): object {
  switch (policy.mode) {
    case "danger-full-access":
      return { type: "dangerFullAccess" };
    case "read-only":
      return { type: "readOnly", networkAccess: false };
    case "workspace-write":
      return {
        type: "workspaceWrite",
        writableRoots: policy.writable_roots,
        networkAccess: policy.network_access,
        excludeTmpdirEnvVar: policy.exclude_tmpdir_env_var,
        excludeSlashTmp: policy.exclude_slash_tmp,
      };
  }
}

/** The settings part shared by thread/start, thread/resume and thread/fork answers. */
export function sessionSettings(config: Config): Record<string, unknown> {
  return {
    model: config.model,
    modelProvider: config.model_provider.id,
    serviceTier: null,
    cwd: config.cwd,
    instructionSources: [],
    approvalPolicy: approvalPolicyV2(config.approval_policy),
    approvalsReviewer: "user",
    sandbox: sandboxPolicyV2(config.sandbox_policy),
    reasoningEffort: config.model_reasoning_effort,
    disabledPluginIds: [],
  };
}
