/**
 * PreToolUse and PostToolUse hooks around every tool call (the orchestrator calls them, so no
 * handler knows about hooks). Calls are shown to hooks as 0.169 shows them: shell commands as
 * `Bash` with `{command: SCRIPT}`, patches as `apply_patch` (also matched by `Edit` and `Write`)
 * with `{command: PATCH}`, other tools by their name with their JSON arguments. A PreToolUse hook
 * may block the call (the model reads why) or rewrite its input; a PostToolUse hook may block,
 * which replaces the output the model reads with its reason.
 */
import { detectApplyPatchInvocation } from "@codex/apply-patch";
import type { EventMsg } from "@codex/protocol";
import type { HookCommonInput, SessionHooks } from "../hooks/engine.ts";
import { shellJoin } from "./exec/shell-join.ts";
import { patchTextOf } from "./handlers/apply-patch.ts";
import { shellScriptOf } from "./safety/shell-parse.ts";
import type { RulesTarget, ToolCall, ToolResult } from "./types.ts";

const SHELL_TOOLS = new Set(["shell", "container.exec", "local_shell"]);
const PATCH_TOOLS = new Set(["apply_patch", "applypatch"]);

type HookView = { toolName: string; aliases: string[]; toolInput: Record<string, unknown> };

function shellArgv(call: ToolCall): string[] | null {
  if (call.payload.kind === "local_shell") return call.payload.action.command;
  if (call.payload.kind !== "function") return null;
  try {
    const command = (JSON.parse(call.payload.arguments) as { command?: unknown }).command;
    return Array.isArray(command) && command.every((w) => typeof w === "string") ? command : null;
  } catch {
    return null;
  }
}

/**
 * How `call` looks to a hook; null when it cannot be read (the handler reports that). `target`:
 * the command line a command tool says it would run (`commandForRules`), shown as `Bash`.
 */
function hookView(call: ToolCall, cwd: string, target: RulesTarget | null): HookView | null {
  if (SHELL_TOOLS.has(call.name)) {
    const argv = shellArgv(call);
    if (argv === null) return null;
    const patch = detectApplyPatchInvocation(argv, { cwd });
    if (patch.type === "patch")
      return { toolName: "apply_patch", aliases: ["Edit", "Write"], toolInput: { command: patch.patch } };
    return { toolName: "Bash", aliases: [], toolInput: { command: shellScriptOf(argv) ?? shellJoin(argv) } };
  }
  if (PATCH_TOOLS.has(call.name)) {
    try {
      return {
        toolName: "apply_patch",
        aliases: ["Edit", "Write"],
        toolInput: { command: patchTextOf(call) },
      };
    } catch {
      return null;
    }
  }
  if (target !== null) {
    const command = shellScriptOf(target.command) ?? shellJoin(target.command);
    return { toolName: "Bash", aliases: [], toolInput: { command } };
  }
  if (call.payload.kind === "custom")
    return { toolName: call.name, aliases: [], toolInput: { input: call.payload.input } };
  if (call.payload.kind !== "function") return null;
  try {
    const args = JSON.parse(call.payload.arguments || "{}");
    return {
      toolName: call.name,
      aliases: [],
      toolInput: typeof args === "object" && args !== null ? args : {},
    };
  } catch {
    return null;
  }
}

/** The call with a hook's `updatedInput` in place of its input. */
function rewrite(call: ToolCall, view: HookView, updated: unknown): ToolCall {
  const fields = typeof updated === "object" && updated !== null ? (updated as Record<string, unknown>) : {};
  const command = typeof fields.command === "string" ? fields.command : null;
  if (
    view.toolName === "Bash" &&
    command !== null &&
    !SHELL_TOOLS.has(call.name) &&
    call.payload.kind === "function"
  ) {
    // A command tool taking a script (exec_command's `cmd`).
    const args = JSON.parse(call.payload.arguments || "{}");
    if (typeof args.cmd === "string")
      return { ...call, payload: { kind: "function", arguments: JSON.stringify({ ...args, cmd: command }) } };
  }
  if (view.toolName === "Bash" && command !== null && SHELL_TOOLS.has(call.name)) {
    const argv = shellArgv(call) ?? [];
    const shell = shellScriptOf(argv) !== null ? argv.slice(0, 2) : ["bash", "-lc"];
    const next = [...shell, command];
    if (call.payload.kind === "local_shell")
      return { ...call, payload: { ...call.payload, action: { ...call.payload.action, command: next } } };
    const args = call.payload.kind === "function" ? JSON.parse(call.payload.arguments || "{}") : {};
    return { ...call, payload: { kind: "function", arguments: JSON.stringify({ ...args, command: next }) } };
  }
  if (view.toolName === "apply_patch" && command !== null && PATCH_TOOLS.has(call.name))
    return call.payload.kind === "custom"
      ? { ...call, payload: { kind: "custom", input: command } }
      : { ...call, payload: { kind: "function", arguments: JSON.stringify({ input: command }) } };
  if (call.payload.kind === "function")
    return { ...call, payload: { kind: "function", arguments: JSON.stringify(fields) } };
  return call;
}

export type ToolHooks = {
  /** PreToolUse: the call to run (maybe rewritten), or the text the model reads instead. */
  before(
    call: ToolCall,
    cwd: string,
    target: RulesTarget | null,
  ): Promise<{ call: ToolCall } | { blocked: string }>;
  /** PostToolUse: the result the model reads. */
  after(call: ToolCall, cwd: string, target: RulesTarget | null, result: ToolResult): Promise<ToolResult>;
};

export function toolHooks(
  hooks: SessionHooks,
  common: HookCommonInput,
  options: { emit: (msg: EventMsg) => void; signal: AbortSignal; addContext: (texts: string[]) => void },
): ToolHooks {
  const runOptions = (view: HookView) => ({
    matchInputs: [view.toolName, ...view.aliases],
    emit: options.emit,
    signal: options.signal,
  });
  return {
    async before(call, cwd, target) {
      const view = hookView(call, cwd, target);
      if (view === null || hooks.handlersFor("PreToolUse", [view.toolName, ...view.aliases]).length === 0)
        return { call };
      const fields = { tool_name: view.toolName, tool_input: view.toolInput, tool_use_id: call.callId };
      const result = await hooks.run("PreToolUse", { ...common, cwd }, fields, runOptions(view));
      options.addContext(result.contexts);
      if (result.blocked) {
        const { reason } = result.blocked;
        const command = view.toolInput.command;
        return {
          blocked:
            typeof command === "string"
              ? `Command blocked by PreToolUse hook: ${reason}. Command: ${command}`
              : `Tool call blocked by PreToolUse hook: ${reason}. Tool: ${view.toolName}`,
        };
      }
      return { call: result.updatedInput === undefined ? call : rewrite(call, view, result.updatedInput) };
    },
    async after(call, cwd, target, toolResult) {
      const view = hookView(call, cwd, target);
      if (view === null || hooks.handlersFor("PostToolUse", [view.toolName, ...view.aliases]).length === 0)
        return toolResult;
      const fields = {
        tool_name: view.toolName,
        tool_input: view.toolInput,
        tool_response: toolResult.output,
        tool_use_id: call.callId,
      };
      const result = await hooks.run("PostToolUse", { ...common, cwd }, fields, runOptions(view));
      options.addContext(result.contexts);
      return result.blocked ? { ...toolResult, output: result.blocked.reason } : toolResult;
    },
  };
}
