/**
 * Core's thread items in the shape of app-server v2's `ThreadItem` (camelCase, as Codex 0.169
 * sends them). Only what the stable schema describes is filled in.
 */
import type { FileUpdateChange, ThreadItem } from "@codex/protocol";

export type V2Item = { type: string; id: string } & Record<string, unknown>;

/** `bash -lc 'script'` as shellJoin writes it (a script without single quotes). */
const SHELL_SCRIPT = /^(?:\S*\/)?(?:ba|z)?sh -l?c '([^']*)'$/;

/** What a command does, as far as we can tell; 0.169 reports the shell script it runs. */
export function commandActions(
  command: readonly string[] | string,
): Array<{ type: "unknown"; command: string }> {
  if (typeof command === "string")
    return [{ type: "unknown", command: SHELL_SCRIPT.exec(command)?.[1] ?? command }];
  const [, flag, script] = command;
  const inner = command.length === 3 && (flag === "-c" || flag === "-lc") && script !== undefined;
  return [{ type: "unknown", command: inner ? script : command.join(" ") }];
}

/** Splits a multi-file `diff --git` text into one diff per file, in order. */
function perFileDiffs(unifiedDiff: string): string[] {
  const parts = unifiedDiff.split(/^(?=diff --git )/m).filter((part) => part.startsWith("diff --git "));
  return parts.length > 0 ? parts : [unifiedDiff];
}

export function fileChanges(
  changes: readonly FileUpdateChange[],
  unifiedDiff: string,
): Array<{ path: string; kind: { type: string }; diff: string }> {
  const diffs = perFileDiffs(unifiedDiff);
  return changes.map((change, index) => ({
    path: change.path,
    kind: { type: change.kind },
    diff: diffs.length === changes.length ? (diffs[index] ?? "") : unifiedDiff,
  }));
}

export function userMessageItem(id: string, text: string): V2Item {
  return { type: "userMessage", id, clientId: null, content: [{ type: "text", text, text_elements: [] }] };
}

export function agentMessageItem(id: string, text: string): V2Item {
  return { type: "agentMessage", id, text, phase: null, memoryCitation: null };
}

const COMMAND_STATUS = {
  in_progress: "inProgress",
  completed: "completed",
  failed: "failed",
  declined: "declined",
} as const;

/** A core item as v2 sees it; `context` supplies what core's item does not carry (its cwd). */
export function toV2Item(item: ThreadItem, context: { cwd: string }): V2Item | null {
  switch (item.type) {
    case "agent_message":
      return agentMessageItem(item.id, item.text);
    case "reasoning":
      return { type: "reasoning", id: item.id, summary: item.text === "" ? [] : [item.text], content: [] };
    case "command_execution":
      return {
        type: "commandExecution",
        id: item.id,
        command: item.command,
        cwd: context.cwd,
        processId: null,
        source: "agent",
        status: COMMAND_STATUS[item.status],
        commandActions: commandActions(item.command),
        aggregatedOutput: item.status === "in_progress" ? null : item.aggregated_output,
        exitCode: item.exit_code ?? null,
        durationMs: null,
      };
    case "file_change":
      return {
        type: "fileChange",
        id: item.id,
        changes: fileChanges(item.changes, item.diff ?? ""),
        status: COMMAND_STATUS[item.status],
      };
    case "mcp_tool_call":
      return {
        type: "mcpToolCall",
        id: item.id,
        server: item.server,
        tool: item.tool,
        status: COMMAND_STATUS[item.status],
        arguments: item.arguments ?? null,
        result: item.result
          ? { content: item.result.content, structuredContent: item.result.structured_content ?? null }
          : null,
        error: item.error,
      };
    case "web_search":
      return { type: "webSearch", id: item.id, query: item.query, action: null };
    case "todo_list":
      return {
        type: "plan",
        id: item.id,
        text: item.items.map((todo) => `${todo.completed ? "[x]" : "[ ]"} ${todo.text}`).join("\n"),
      };
    case "error":
      return null;
  }
}
