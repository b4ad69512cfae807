/**
 * `--json`: one JSON object per line on stdout, in the schema of `codex exec --json` (thread.started,
 * turn.started, item.*, turn.completed with cumulative usage, turn.failed, and `error` lines for
 * stream retries and errors). Keys are written in the reference's order.
 */
import type { Event, ThreadItem } from "@codex/protocol";
import type { EventProcessor } from "./event-processor.ts";

/** The item as exec prints it: fixed key order, front-end-only fields dropped. */
export function execItem(item: ThreadItem): Record<string, unknown> {
  switch (item.type) {
    case "agent_message":
    case "reasoning":
      return { id: item.id, type: item.type, text: item.text };
    case "command_execution":
      return {
        id: item.id,
        type: item.type,
        command: item.command,
        aggregated_output: item.aggregated_output,
        ...(item.exit_code !== undefined && item.status !== "in_progress"
          ? { exit_code: item.exit_code }
          : {}),
        status: item.status,
      };
    case "file_change":
      return { id: item.id, type: item.type, changes: item.changes, status: item.status };
    case "mcp_tool_call":
      return {
        id: item.id,
        type: item.type,
        server: item.server,
        tool: item.tool,
        arguments: item.arguments,
        result: item.result,
        error: item.error,
        status: item.status,
      };
    case "web_search":
      return { id: item.id, type: item.type, query: item.query };
    case "todo_list":
      return { id: item.id, type: item.type, items: item.items };
    case "error":
      return { id: item.id, type: item.type, message: item.message };
  }
}

export class JsonlOutput implements EventProcessor {
  constructor(private readonly stdout: NodeJS.WritableStream) {}

  private line(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  start(): void {}

  handle({ msg }: Event): void {
    const line = jsonlLine(msg);
    if (line !== null) this.line(line);
  }

  finish(): void {}
}

/** The JSONL object for one event, or null when exec prints nothing for it. */
export function jsonlLine(msg: Event["msg"]): Record<string, unknown> | null {
  switch (msg.type) {
    case "session_configured":
      return { type: "thread.started", thread_id: msg.session_id };
    case "turn_started":
      return { type: "turn.started" };
    case "item_started":
      return { type: "item.started", item: execItem(msg.item) };
    case "item_updated":
      return { type: "item.updated", item: execItem(msg.item) };
    case "item_completed":
      return { type: "item.completed", item: execItem(msg.item) };
    case "turn_completed": {
      const { input_tokens, cached_input_tokens, output_tokens } = msg.usage;
      return {
        type: "turn.completed",
        usage: { input_tokens, cached_input_tokens, output_tokens },
      };
    }
    case "turn_failed":
      return { type: "turn.failed", error: { message: msg.error.message } };
    case "stream_error":
    case "error":
      return { type: "error", message: msg.message };
    default:
      return null;
  }
}
