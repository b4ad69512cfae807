/**
 * Human-readable output: progress (reasoning, commands, file changes, messages, errors) on
 * stderr, the final agent message on stdout (so `codex exec "…" > answer.txt` captures just it).
 */
import { CODEX_VERSION, type Event, type ThreadItem } from "@codex/protocol";
import type { EventProcessor, ProcessorSetup } from "./event-processor.ts";
import type { OutputStream } from "./std-streams.ts";

const MAX_OUTPUT_LINES = 20;

type Style = (text: string) => string;
type Palette = {
  bold: Style;
  dim: Style;
  italic: Style;
  magenta: Style;
  red: Style;
  green: Style;
  yellow: Style;
  cyan: Style;
};

function palette(enabled: boolean): Palette {
  const sgr =
    (open: number, close: number): Style =>
    (text) =>
      enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    italic: sgr(3, 23),
    magenta: sgr(35, 39),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

export type HumanOutputOptions = {
  stdout: OutputStream;
  stderr: OutputStream;
  color: boolean;
};

export class HumanOutput implements EventProcessor {
  private readonly c: Palette;
  private readonly started = new Map<string, number>();
  private totalTokens: number | null = null;

  constructor(private readonly options: HumanOutputOptions) {
    this.c = palette(options.color);
  }

  private err(text: string): void {
    this.options.stderr.write(`${text}\n`);
  }

  start(setup: ProcessorSetup): void {
    const { c } = this;
    this.err(`OpenAI Codex v${CODEX_VERSION} ${c.dim("(research preview)")}`);
    this.err("--------");
    for (const [key, value] of setup.summary) this.err(`${c.bold(`${key}:`)} ${value}`);
    this.err("--------");
    if (setup.prompt !== null) this.err(`${c.bold(c.cyan("user"))}\n${setup.prompt}`);
  }

  handle({ msg }: Event): void {
    const text = this.render(msg);
    if (text !== null) this.err(text);
  }

  private render(msg: Event["msg"]): string | null {
    const { c } = this;
    switch (msg.type) {
      case "item_started":
        return this.itemStarted(msg.item);
      case "item_updated":
      case "item_completed":
        return this.itemDone(msg.item, msg.type === "item_completed");
      case "stream_error":
        return c.dim(msg.message);
      case "error":
        return c.red(c.bold(`ERROR: ${msg.message}`));
      case "warning":
        return c.yellow(`warning: ${msg.message}`);
      case "background_event":
        return c.dim(msg.message);
      case "token_count":
        this.totalTokens = msg.info.total_token_usage.total_tokens;
        return null;
      case "turn_aborted":
        return c.red("turn interrupted");
      case "entered_review_mode":
        return `${c.bold(c.cyan("user"))}\n${msg.review_request.user_facing_hint}`;
      case "hook_started":
        return c.dim(`hook: ${msg.event_name}`);
      case "hook_completed": {
        // 0.169's line, plus why a hook blocked or failed (so a broken hook is not a mystery).
        const status = `${msg.status[0]?.toUpperCase()}${msg.status.slice(1)}`;
        const line = c.dim(`hook: ${msg.event_name} ${status}`);
        return msg.message ? `${line}\n${c.dim(`  ${msg.message}`)}` : line;
      }
      default:
        return null;
    }
  }

  private itemStarted(item: ThreadItem): string | null {
    const { c } = this;
    if (item.type === "command_execution") {
      this.started.set(item.id, performance.now());
      return `${c.magenta(c.bold("exec"))}\n${c.bold(item.command)}`;
    }
    if (item.type === "mcp_tool_call") {
      this.started.set(item.id, performance.now());
      return `${c.magenta(c.bold("tool"))} ${c.bold(`${item.server}.${item.tool}`)}(${JSON.stringify(item.arguments ?? {})})`;
    }
    return item.type === "todo_list" ? this.itemDone(item, false) : null;
  }

  private elapsed(id: string): string {
    const start = this.started.get(id);
    this.started.delete(id);
    return start === undefined ? "" : ` in ${Math.round(performance.now() - start)}ms`;
  }

  private itemDone(item: ThreadItem, completed: boolean): string | null {
    const { c } = this;
    switch (item.type) {
      case "reasoning":
        return `${c.magenta(c.italic("thinking"))}\n${c.italic(item.text)}`;
      case "agent_message":
        return `${c.magenta(c.italic("codex"))}\n${item.text}`;
      case "command_execution": {
        if (!completed) return null;
        const when = this.elapsed(item.id);
        const head =
          item.status === "completed"
            ? c.green(`succeeded${when}:`)
            : item.status === "declined"
              ? c.red("declined")
              : c.red(`exited ${item.exit_code ?? "?"}${when}:`);
        const lines = item.aggregated_output.replace(/\n$/, "").split("\n");
        const shown = lines.slice(0, MAX_OUTPUT_LINES).join("\n");
        const more = lines.length > MAX_OUTPUT_LINES ? `\n… +${lines.length - MAX_OUTPUT_LINES} lines` : "";
        return `${head}\n${c.dim(shown + more)}`;
      }
      case "file_change": {
        const letter = { add: "A", delete: "D", update: "M" } as const;
        const changes = item.changes.map((ch) => `${letter[ch.kind]} ${ch.path}`).join("\n");
        const status =
          item.status === "failed" ? c.red("apply_patch failed") : c.magenta(c.bold("file update"));
        return `${status}\n${changes}`;
      }
      case "mcp_tool_call": {
        if (!completed) return null;
        const ok = item.status === "completed";
        return (ok ? c.green : c.red)(
          `${item.server}.${item.tool} ${ok ? "success" : "failed"}${this.elapsed(item.id)}`,
        );
      }
      case "web_search":
        return `${c.magenta(c.bold("web search"))} ${item.query}`;
      case "todo_list": {
        if (completed) return null;
        const rows = item.items.map((t) => `  ${t.completed ? c.green("✔") : "□"} ${t.text}`).join("\n");
        return `${c.magenta(c.bold("Plan update"))}\n${rows}`;
      }
      case "error":
        return c.red(`ERROR: ${item.message}`);
    }
  }

  finish(lastAgentMessage: string | null): void {
    if (this.totalTokens !== null)
      this.err(`${this.c.magenta(this.c.italic("tokens used"))}\n${this.totalTokens}`);
    if (lastAgentMessage === null) return;
    // When both streams are the same terminal the message is already on screen.
    if (this.options.stdout.isTTY && this.options.stderr.isTTY) return;
    this.options.stdout.write(`${lastAgentMessage}\n`);
  }
}
