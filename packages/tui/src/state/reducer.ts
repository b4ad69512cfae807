/**
 * The transcript state and the reducer that feeds it with protocol events. No I/O here: the
 * reducer returns effects (notifications, exit) for the app to carry out.
 */
import type {
  BackgroundTerminalInfo,
  Event,
  McpToolInfo,
  RestoredFile,
  ThreadItem,
  TokenUsage,
  TokenUsageInfo,
} from "@codex/protocol";
import { type ApprovalRequest, type Cell, cellId, type SessionInfo } from "./cells.ts";

export type TranscriptState = {
  /** Finished cells, in order (the full transcript for the Ctrl-T view). */
  finished: Cell[];
  /** Finished cells not yet written to the scrollback. */
  toCommit: Cell[];
  /** Cells still in progress, in start order (drawn in the live region). */
  active: Cell[];
  approvals: ApprovalRequest[];
  session: SessionInfo | null;
  running: boolean;
  turnStartedAt: number;
  /** The status header while working (the latest bold heading of the reasoning). */
  statusHeader: string;
  /** The latest "Reconnecting... n/N (why)" notice: one live line, updated per attempt, gone once the stream resumes. */
  retry: string | null;
  tokens: TokenUsageInfo | null;
  totalUsage: TokenUsage | null;
  contextWindow: number | null;
  hideReasoning: boolean;
  shutdown: boolean;
};

export type Effect =
  | { type: "notify"; kind: "turn-complete" | "approval-requested"; text: string }
  | { type: "shutdown" };

export function createTranscriptState(options: { hideReasoning: boolean }): TranscriptState {
  return {
    finished: [],
    toCommit: [],
    active: [],
    approvals: [],
    session: null,
    running: false,
    turnStartedAt: 0,
    statusHeader: "Working",
    retry: null,
    tokens: null,
    totalUsage: null,
    contextWindow: null,
    hideReasoning: options.hideReasoning,
    shutdown: false,
  };
}

/** Adds a finished cell (local output such as a user message or /status). */
export function pushCell(state: TranscriptState, cell: Cell): void {
  state.finished.push(cell);
  state.toCommit.push(cell);
}

function finish(state: TranscriptState, cell: Cell): void {
  const i = state.active.indexOf(cell);
  if (i >= 0) state.active.splice(i, 1);
  if (cell.kind === "reasoning" && (state.hideReasoning || cell.text.trim() === "")) return;
  if (cell.kind === "agent" && cell.text.trim() === "") return;
  pushCell(state, cell);
}

function findActive(state: TranscriptState, id: string): Cell | undefined {
  return state.active.find((c) => cellId(c) === id);
}

function cellFromItem(item: ThreadItem, now: number): Cell {
  switch (item.type) {
    case "agent_message":
      return { kind: "agent", id: item.id, text: item.text, done: false };
    case "reasoning":
      return { kind: "reasoning", id: item.id, text: item.text, done: false };
    case "command_execution":
      return {
        kind: "exec",
        id: item.id,
        command: item.command,
        output: item.aggregated_output,
        exitCode: item.exit_code ?? null,
        status: item.status,
        startedAt: now,
        durationMs: null,
      };
    case "file_change":
      return {
        kind: "patch",
        id: item.id,
        changes: item.changes,
        diff: item.diff ?? null,
        status: item.status,
      };
    case "mcp_tool_call":
      return { kind: "mcp", id: item.id, item, startedAt: now, durationMs: null };
    case "web_search":
      return { kind: "web_search", id: item.id, query: item.query };
    case "todo_list":
      return { kind: "todo", id: item.id, items: item.items };
    case "error":
      return { kind: "notice", tone: "error", text: item.message };
  }
}

function updateFromItem(cell: Cell, item: ThreadItem, now: number): void {
  if (cell.kind === "agent" && item.type === "agent_message") cell.text = item.text || cell.text;
  else if (cell.kind === "reasoning" && item.type === "reasoning") cell.text = item.text || cell.text;
  else if (cell.kind === "exec" && item.type === "command_execution") {
    if (item.aggregated_output.length > 0 || item.status !== "in_progress")
      cell.output = item.aggregated_output || cell.output;
    cell.exitCode = item.exit_code ?? cell.exitCode;
    cell.status = item.status;
    if (item.status !== "in_progress") cell.durationMs = now - cell.startedAt;
  } else if (cell.kind === "patch" && item.type === "file_change") {
    cell.changes = item.changes;
    cell.diff = item.diff ?? cell.diff;
    cell.status = item.status;
  } else if (cell.kind === "mcp" && item.type === "mcp_tool_call") {
    cell.item = item;
    if (item.status !== "in_progress") cell.durationMs = now - cell.startedAt;
  } else if (cell.kind === "todo" && item.type === "todo_list") cell.items = item.items;
  else if (cell.kind === "web_search" && item.type === "web_search") cell.query = item.query;
}

/** The last `**heading**` in reasoning text, shown in the status line while working. */
function reasoningHeader(text: string): string | null {
  const matches = [...text.matchAll(/\*\*([^*\n]{1,80})\*\*/g)];
  return matches.length > 0 ? (matches[matches.length - 1]?.[1] ?? null) : null;
}

/**
 * The turn is over: its in-progress cells go to the scrollback. A command still running after a
 * turn that ended on its own (not interrupted) keeps running in the background.
 */
function endTurn(state: TranscriptState, options: { interrupted: boolean } = { interrupted: false }): void {
  state.running = false;
  state.retry = null;
  state.statusHeader = "Working";
  for (const cell of [...state.active]) {
    if (cell.kind === "agent" || cell.kind === "reasoning") cell.done = true;
    if (cell.kind === "exec" && cell.status === "in_progress" && !options.interrupted)
      cell.outlivedTurn = true;
    finish(state, cell);
  }
  state.approvals = [];
}

/** Events that show the model's stream is flowing again (or that the attempt is over). */
const ENDS_RETRY = new Set<Event["msg"]["type"]>([
  "agent_message_delta",
  "reasoning_delta",
  "item_started",
  "item_updated",
  "item_completed",
  "error",
  "background_event",
]);

export function applyEvent(state: TranscriptState, event: Event, now: number): Effect[] {
  const msg = event.msg;
  const effects: Effect[] = [];
  if (ENDS_RETRY.has(msg.type)) state.retry = null;
  switch (msg.type) {
    case "turn_context_changed": {
      // A new object: the session cell at the top keeps showing what the session started with.
      if (state.session)
        state.session = {
          ...state.session,
          cwd: msg.cwd,
          model: msg.model,
          effort: msg.reasoning_effort,
          approval: msg.approval_policy,
          sandbox: msg.sandbox_policy.mode,
        };
      break;
    }
    case "session_configured": {
      const sandbox = msg.sandbox_policy.mode;
      state.session = {
        sessionId: msg.session_id,
        model: msg.model,
        provider: msg.model_provider,
        cwd: msg.cwd,
        approval: msg.approval_policy,
        sandbox,
        effort: msg.reasoning_effort,
        rolloutPath: msg.rollout_path,
      };
      pushCell(state, { kind: "session", info: state.session });
      // A resumed session: show the earlier conversation before anything new.
      for (const [index, message] of (msg.initial_messages ?? []).entries()) {
        pushCell(
          state,
          message.role === "user"
            ? { kind: "user", text: message.text, images: [] }
            : { kind: "agent", id: `resumed_${index}`, text: message.text, done: true },
        );
      }
      break;
    }
    case "turn_started":
      state.running = true;
      state.turnStartedAt = now;
      state.statusHeader = "Working";
      if (msg.model_context_window !== null) state.contextWindow = msg.model_context_window;
      break;
    case "turn_completed":
      endTurn(state);
      state.totalUsage = msg.usage;
      effects.push({
        type: "notify",
        kind: "turn-complete",
        text: msg.last_agent_message ?? "Turn complete",
      });
      break;
    case "turn_failed":
      endTurn(state);
      break;
    case "turn_aborted":
      endTurn(state, { interrupted: true });
      if (msg.reason === "interrupted") {
        pushCell(state, {
          kind: "notice",
          tone: "interrupted",
          text: "Conversation interrupted - tell the model what to do differently",
        });
      }
      break;
    case "item_started": {
      const cell = cellFromItem(msg.item, now);
      if (cell.kind === "notice") pushCell(state, cell);
      else if (!findActive(state, msg.item.id)) state.active.push(cell);
      break;
    }
    case "item_updated": {
      const cell = findActive(state, msg.item.id);
      if (cell) updateFromItem(cell, msg.item, now);
      else state.active.push(cellFromItem(msg.item, now));
      break;
    }
    case "item_completed": {
      let cell = findActive(state, msg.item.id);
      if (cell) updateFromItem(cell, msg.item, now);
      else cell = cellFromItem(msg.item, now);
      if (cell.kind === "agent" || cell.kind === "reasoning") cell.done = true;
      finish(state, cell);
      break;
    }
    case "agent_message_delta":
    case "reasoning_delta": {
      let cell = findActive(state, msg.item_id);
      if (!cell) {
        cell =
          msg.type === "agent_message_delta"
            ? { kind: "agent", id: msg.item_id, text: "", done: false }
            : { kind: "reasoning", id: msg.item_id, text: "", done: false };
        state.active.push(cell);
      }
      if (cell.kind === "agent" || cell.kind === "reasoning") cell.text += msg.delta;
      if (cell.kind === "reasoning") state.statusHeader = reasoningHeader(cell.text) ?? state.statusHeader;
      break;
    }
    case "command_output_delta": {
      const cell = findActive(state, msg.item_id);
      if (cell?.kind === "exec") cell.output += msg.chunk;
      break;
    }
    case "exec_approval_request":
      state.approvals.push({
        kind: "exec",
        callId: msg.call_id,
        command: msg.command,
        cwd: msg.cwd,
        reason: msg.reason,
        ...(msg.proposed_execpolicy_amendment ? { amendment: msg.proposed_execpolicy_amendment } : {}),
      });
      effects.push({
        type: "notify",
        kind: "approval-requested",
        text: `Approval requested: ${msg.command.join(" ")}`,
      });
      break;
    case "network_approval_request":
      state.approvals.push({
        kind: "network",
        callId: `network:${msg.host}`,
        host: msg.host,
        port: msg.port,
        profile: msg.profile,
        reason: null,
      });
      effects.push({
        type: "notify",
        kind: "approval-requested",
        text: `Network access requested: ${msg.host}`,
      });
      break;
    case "apply_patch_approval_request":
      state.approvals.push({
        kind: "patch",
        callId: msg.call_id,
        changes: msg.changes,
        diff: msg.unified_diff,
        reason: msg.reason,
      });
      effects.push({ type: "notify", kind: "approval-requested", text: "Approval requested: apply patch" });
      break;
    case "token_count":
      state.tokens = msg.info;
      if (msg.info.model_context_window !== null) state.contextWindow = msg.info.model_context_window;
      break;
    case "plan_update":
      pushCell(state, { kind: "plan", explanation: msg.explanation, steps: msg.plan });
      break;
    case "turn_diff":
      break;
    case "stream_error":
      state.retry = msg.message;
      break;
    case "error":
      pushCell(state, { kind: "notice", tone: "error", text: msg.message });
      break;
    case "warning":
      pushCell(state, { kind: "notice", tone: "warning", text: msg.message });
      break;
    case "background_event":
      pushCell(state, { kind: "notice", tone: "info", text: msg.message });
      break;
    case "hook_completed":
      // A hook that blocked something or failed is worth a line; one that did its job is not.
      if (msg.status !== "completed")
        pushCell(state, {
          kind: "notice",
          tone: msg.status === "failed" ? "warning" : "info",
          text: `hook: ${msg.event_name} ${msg.status === "failed" ? "Failed" : "Blocked"}${msg.message ? `: ${msg.message}` : ""}`,
        });
      break;
    case "mcp_list_tools_response":
      pushCell(state, { kind: "text", title: "/mcp", body: mcpToolList(msg.tools) });
      break;
    case "background_terminals_response":
      pushCell(state, { kind: "text", title: "/ps", body: backgroundTerminalList(msg.terminals) });
      break;
    case "entered_review_mode":
      pushCell(state, {
        kind: "notice",
        tone: "info",
        text: `>> Code review started: ${msg.review_request.user_facing_hint} <<`,
      });
      break;
    case "exited_review_mode":
      break;
    case "thread_rolled_back":
      pushCell(state, { kind: "text", title: "/undo", body: rollbackLines(msg) });
      break;
    case "shutdown_complete":
      state.shutdown = true;
      effects.push({ type: "shutdown" });
      break;
  }
  return effects;
}

/** What a rewind did: the turns dropped and the files put back. */
function rollbackLines(msg: { num_turns: number; restored_files?: RestoredFile[] }): string[] {
  const turns = `${msg.num_turns} turn${msg.num_turns === 1 ? "" : "s"}`;
  if (msg.restored_files === undefined)
    return [`Rewound the conversation by ${turns}; files were left as they are.`];
  const files = msg.restored_files;
  if (files.length === 0) return [`Rewound ${turns}; it had changed no files.`];
  const verb = { restored: "restored", removed: "removed", recreated: "recreated" } as const;
  return [`Rewound ${turns} and put its files back:`, ...files.map((f) => `  ${verb[f.action]} ${f.path}`)];
}

/** One line per server with its tool count, then its tool names (no descriptions: those run to screens). */
function mcpToolList(tools: readonly McpToolInfo[]): string[] {
  if (tools.length === 0)
    return ["No MCP tools available. Add a server with `codex mcp add NAME -- COMMAND`."];
  const byServer = new Map<string, string[]>();
  for (const tool of tools) byServer.set(tool.server, [...(byServer.get(tool.server) ?? []), tool.name]);
  return [...byServer].flatMap(([server, names]) => [
    `• ${server}: ${names.length} tool${names.length === 1 ? "" : "s"}`,
    `  ${names.join(", ")}`,
  ]);
}

/** One line per running terminal: its session id, how long it has run, whether it has a PTY, the command. */
function backgroundTerminalList(terminals: readonly BackgroundTerminalInfo[]): string[] {
  if (terminals.length === 0) return ["No background terminals running"];
  return terminals.map((t) => {
    const seconds = Math.floor(t.running_ms / 1000);
    const age = seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
    return `• ${t.id}  ${age}${t.tty ? "  tty" : ""}  ${t.command}`;
  });
}

/** Percentage of the context window still free, or null when unknown. */
export function contextLeftPercent(state: TranscriptState): number | null {
  const window = state.contextWindow;
  const info = state.tokens;
  if (!window || !info) return null;
  // As Codex does: a fixed baseline (system prompt, tools) is not counted against the user.
  const baseline = 12000;
  if (window <= baseline) return 0;
  const used = Math.max(0, info.last_token_usage.total_tokens - baseline);
  return Math.max(0, Math.min(100, Math.round(100 - (used / (window - baseline)) * 100)));
}
