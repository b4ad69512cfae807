/**
 * Thread items: the units a front end renders. They carry the same fields as the items of
 * `codex exec --json` (Codex's `exec_events.rs`), so the JSONL front end maps them one to one.
 * Ids are assigned by the session (`item_0`, `item_1`, …, per process).
 */

export type CommandExecutionStatus = "in_progress" | "completed" | "failed" | "declined";
export type PatchChangeKind = "add" | "delete" | "update";
export type ItemStatus = "in_progress" | "completed" | "failed";

export type FileUpdateChange = { path: string; kind: PatchChangeKind };
export type TodoItem = { text: string; completed: boolean };
export type PlanStepStatus = "pending" | "in_progress" | "completed";
export type PlanStep = { step: string; status: PlanStepStatus };

/** Content blocks returned by an MCP tool (MCP `ContentBlock`, kept as JSON). */
export type McpContentBlock = { type: string; [key: string]: unknown };

export type AgentMessageItem = { id: string; type: "agent_message"; text: string };
export type ReasoningItem = { id: string; type: "reasoning"; text: string };
export type CommandExecutionItem = {
  id: string;
  type: "command_execution";
  command: string;
  aggregated_output: string;
  exit_code?: number;
  status: CommandExecutionStatus;
};
export type FileChangeItem = {
  id: string;
  type: "file_change";
  changes: FileUpdateChange[];
  status: ItemStatus;
  /** Unified diff of this patch, for front ends that show it (not part of the exec JSON schema). */
  diff?: string;
};
export type McpToolCallItem = {
  id: string;
  type: "mcp_tool_call";
  server: string;
  tool: string;
  arguments: unknown;
  result: { content: McpContentBlock[]; structured_content: unknown } | null;
  error: { message: string } | null;
  status: ItemStatus;
};
export type WebSearchItem = { id: string; type: "web_search"; query: string };
export type TodoListItem = { id: string; type: "todo_list"; items: TodoItem[] };
export type ErrorItem = { id: string; type: "error"; message: string };

export type ThreadItem =
  | AgentMessageItem
  | ReasoningItem
  | CommandExecutionItem
  | FileChangeItem
  | McpToolCallItem
  | WebSearchItem
  | TodoListItem
  | ErrorItem;
