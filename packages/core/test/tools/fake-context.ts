/** A ToolRunContext for handler tests: records events and approval requests. */
import type { AskForApproval, EventMsg, ResponseItem, ReviewDecision, SandboxPolicy } from "@codex/protocol";
import type { Config, ShellEnvironmentPolicy } from "../../src/config/types.ts";
import type { ApprovalRequest, SandboxChoice, ToolCall, ToolRunContext } from "../../src/tools/types.ts";

export const WORKSPACE_WRITE: SandboxPolicy = {
  mode: "workspace-write",
  writable_roots: [],
  network_access: false,
  exclude_tmpdir_env_var: true,
  exclude_slash_tmp: true,
};

const DEFAULT_ENV_POLICY: ShellEnvironmentPolicy = {
  inherit: "all",
  ignore_default_excludes: false,
  exclude: [],
  include_only: [],
  set: {},
};

export type FakeOptions = {
  cwd: string;
  approvalPolicy?: AskForApproval;
  sandboxPolicy?: SandboxPolicy;
  sandbox?: SandboxChoice;
  freeform?: boolean;
  signal?: AbortSignal;
  decision?: ReviewDecision;
  withInject?: boolean;
};

export type Fake = {
  ctx: ToolRunContext & { injectInput?: (items: ResponseItem[]) => void };
  events: EventMsg[];
  approvals: ApprovalRequest[];
  injected: ResponseItem[];
};

export function fakeContext(options: FakeOptions): Fake {
  const events: EventMsg[] = [];
  const approvals: ApprovalRequest[] = [];
  const injected: ResponseItem[] = [];
  let counter = 0;
  const sandboxPolicy = options.sandboxPolicy ?? { mode: "danger-full-access" };
  const freeform = options.freeform ?? true;
  const config = { use_freeform_apply_patch: freeform } as unknown as Config;
  const ctx: Fake["ctx"] = {
    callId: "call_1",
    cwd: options.cwd,
    approvalPolicy: options.approvalPolicy ?? "never",
    sandboxPolicy,
    shellEnvironmentPolicy: DEFAULT_ENV_POLICY,
    config,
    offeredTools: new Set(["shell", "apply_patch", "update_plan", "view_image"]),
    signal: options.signal ?? new AbortController().signal,
    emit: (msg) => events.push(msg),
    nextItemId: () => `item_${counter++}`,
    requestApproval: async (request) => {
      approvals.push(request);
      return options.decision ?? "denied";
    },
    sandbox:
      options.sandbox ??
      (sandboxPolicy.mode === "danger-full-access"
        ? { type: "none" }
        : { type: "sandboxed", policy: sandboxPolicy }),
  };
  if (options.withInject) ctx.injectInput = (items) => injected.push(...items);
  return { ctx, events, approvals, injected };
}

export function functionCall(name: string, args: unknown): ToolCall {
  return { name, callId: "call_1", payload: { kind: "function", arguments: JSON.stringify(args) } };
}

export function customCall(name: string, input: string): ToolCall {
  return { name, callId: "call_1", payload: { kind: "custom", input } };
}
