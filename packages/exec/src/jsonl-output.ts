/**
 * `--json`: one JSON object per line on stdout, in the schema of `codex exec --json` (thread.started,
 * turn.started, item.*, turn.completed with cumulative usage, turn.failed, `error` lines for
 * stream retries and errors, warnings as `error` items). Keys are written in the reference's order.
 */
import type { Event, ThreadItem } from "@codex/protocol";
import type { EventProcessor } from "./event-processor.ts";
import type { OutputStream } from "./std-streams.ts";

/** The item as exec prints it: fixed key order, front-end-only fields dropped. */
function execItem(item: ThreadItem): Record<string, unknown> {
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
        // Always present, null until the process has exited (0.169; 0.47 left it out).
        exit_code: item.status === "in_progress" ? null : (item.exit_code ?? null),
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

/**
 * Writes the JSONL stream. Item ids are exec's own, numbered in order of first appearance as 0.169
 * numbers them, because a warning also becomes an item (an `error` item, as 0.169 shows it) and
 * takes the next number. Warnings before `thread.started` wait for it.
 */
export class JsonlOutput implements EventProcessor {
  private readonly ids = new Map<string, string>();
  private nextId = 0;
  private started = false;
  private readonly earlyWarnings: string[] = [];

  constructor(private readonly stdout: OutputStream) {}

  private line(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  private newId(): string {
    return `item_${this.nextId++}`;
  }

  private idFor(coreId: string): string {
    let id = this.ids.get(coreId);
    if (id === undefined) {
      id = this.newId();
      this.ids.set(coreId, id);
    }
    return id;
  }

  private warning(message: string): void {
    this.line({ type: "item.completed", item: { id: this.newId(), type: "error", message } });
  }

  start(): void {}

  handle({ msg }: Event): void {
    if (msg.type === "warning") {
      if (this.started) this.warning(msg.message);
      else this.earlyWarnings.push(msg.message);
      return;
    }
    if (msg.type === "item_started" || msg.type === "item_updated" || msg.type === "item_completed") {
      const item = execItem({ ...msg.item, id: this.idFor(msg.item.id) });
      this.line({ type: ITEM_EVENT[msg.type], item });
      return;
    }
    const line = jsonlLine(msg);
    if (line !== null) this.line(line);
    if (msg.type === "session_configured") {
      this.started = true;
      for (const message of this.earlyWarnings.splice(0)) this.warning(message);
    }
  }

  finish(): void {}
}

const ITEM_EVENT = {
  item_started: "item.started",
  item_updated: "item.updated",
  item_completed: "item.completed",
} as const;

/** The JSONL object for one event that is not about an item, or null when exec prints nothing. */
function jsonlLine(msg: Event["msg"]): Record<string, unknown> | null {
  switch (msg.type) {
    case "session_configured":
      return { type: "thread.started", thread_id: msg.session_id };
    case "turn_started":
      return { type: "turn.started" };
    case "turn_completed": {
      // 0.169's usage: 0.47's three counts plus cache writes and reasoning tokens.
      const usage = msg.usage;
      return {
        type: "turn.completed",
        usage: {
          input_tokens: usage.input_tokens,
          cached_input_tokens: usage.cached_input_tokens,
          cache_write_input_tokens: usage.cache_write_input_tokens,
          output_tokens: usage.output_tokens,
          reasoning_output_tokens: usage.reasoning_output_tokens,
        },
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
