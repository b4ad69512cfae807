/**
 * The session: submissions in, events out. Ops are handled as they arrive (interrupts and approval
 * answers immediately); user turns run one after another, each through the turn loop.
 */
import type { Event, EventMsg, NetworkDecision, Op, ResponseItem, TokenUsage } from "@codex/protocol";
import { addTokenUsage, emptyTokenUsage } from "@codex/protocol";
import type { ModelClient } from "../client/types.ts";
import { runCompactTask, SessionCompactor } from "../compact/session-compactor.ts";
import type { Config } from "../config/types.ts";
import type { SessionHooks } from "../hooks/engine.ts";
import { loadSessionHooks } from "../hooks/load.ts";
import { baseInstructions } from "../instructions/base-instructions.ts";
import { McpConnectionManager } from "../mcp/connection-manager.ts";
import { collectSoon } from "../memory/collect-soon.ts";
import { notifyTurnComplete } from "../notify/notify.ts";
import { newSessionId } from "../rollout/paths.ts";
import { loadSessionRulesPolicy } from "../rules/load.ts";
import { SessionSkills } from "../skills/session-skills.ts";
import { SessionRules } from "../tools/call-gates.ts";
import { SessionNetwork } from "../tools/exec/session-network.ts";
import { TerminalSessions } from "../tools/terminals/terminal-sessions.ts";
import { TurnFileHistory, type TurnFiles } from "../undo/turn-files.ts";
import { PendingApprovals } from "./approvals.ts";
import { defaultBuiltinTools } from "./builtin-tools.ts";
import { ModelClientLoader } from "./client-loader.ts";
import { ContextMessages } from "./context-messages.ts";
import { EventQueue } from "./event-queue.ts";
import { answerHistoryOp } from "./history-ops.ts";
import { openPersistence, recordSessionEvent, recordTurnEvent, recordTurnStart } from "./persistence.ts";
import { recordReview, runReview } from "./review-turn.ts";
import { type RollbackState, rollbackTurns } from "./rollback.ts";
import { sessionConfigured } from "./session-configured.ts";
import { SessionTools } from "./session-tools.ts";
import type { CodexSession, CreateSessionOptions, SessionRecorder } from "./session-types.ts";
import { TodoListTracker } from "./todo-list.ts";
import { buildRequest, runTurnLoop } from "./turn.ts";
import { hookCommonInput, runPromptHooks, runWithStopHooks, turnToolHooks } from "./turn-hooks.ts";
import type { TurnRuntime, TurnSettings } from "./turn-runtime.ts";
import { configForModel, initialTurnSettings, turnContextChanged, withOverrides } from "./turn-settings.ts";
import { userMessage } from "./user-input.ts";

type RunningTurn = { subId: string; controller: AbortController };

class CodexSessionImpl implements CodexSession {
  readonly id: string;
  readonly events = new EventQueue<Event>();
  private settings: TurnSettings;
  private readonly history: ResponseItem[];
  /** Where each turn since the last compaction starts in `history` (`thread_rollback` cuts there). */
  private readonly turnStarts: number[];
  private usage: TokenUsage = emptyTokenUsage();
  private itemCounter = 0;
  private subCounter = 0;
  private turnChain: Promise<void> = Promise.resolve();
  private running: RunningTurn | null = null;
  private readonly approvals = new PendingApprovals();
  private readonly approvedForSession = new Set<string>();
  private readonly client: ModelClientLoader;
  private readonly tools: SessionTools;
  /** Commands exec_command left running; they end on interrupt and at shutdown. */
  private readonly terminals = new TerminalSessions();
  /** MCP servers of this session (`config.mcp_servers`); null when none are configured. */
  private readonly mcp: McpConnectionManager | null;
  private readonly context: ContextMessages;
  /** The skills found for this session; `$name` mentions bring their SKILL.md into a turn. */
  private readonly skills: SessionSkills;
  private closed = false;
  private readonly recorder: SessionRecorder | null;
  private readonly compactor: SessionCompactor;
  /** What each turn did to the workspace's files, for undo; kept for saved sessions only. */
  private readonly files: TurnFileHistory | null;
  private readonly originator: string;
  private readonly rules: SessionRules;
  /** The allow-list proxy, started by the first sandboxed command that needs it. */
  private readonly network: SessionNetwork | null;
  private readonly hooks: SessionHooks;
  /** SessionStart hooks run before the first prompt; null once they have. */
  private sessionStart: "startup" | "resume" | null;

  constructor(
    private readonly config: Config,
    private readonly options: CreateSessionOptions,
  ) {
    const env = options.env ?? process.env;
    // Before anything is written: a broken rules file stops the session from starting.
    this.rules = new SessionRules(
      loadSessionRulesPolicy(config, { ignore: options.ignoreRules === true }),
      config.codexHome,
    );
    this.hooks = loadSessionHooks(config, {
      env,
      bypassTrust: options.bypassHookTrust === true,
      onWarning: (message) =>
        options.onWarning ? options.onWarning(message) : this.emit("", { type: "warning", message }),
    });
    this.originator =
      env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE?.trim() || (options.originator ?? "codex_cli_rs");
    this.network = config.network_proxy ? new SessionNetwork(config.network_proxy) : null;
    this.client = new ModelClientLoader(config, { ...options, originator: this.originator });
    const opened = openPersistence(config, { ...options, originator: this.originator });
    this.recorder = options.recorder ?? opened.recorder;
    this.id = opened.sessionId ?? options.sessionId ?? newSessionId();
    this.history = [...(options.initialHistory ?? opened.history)];
    this.turnStarts = options.initialHistory ? [] : [...(opened.turnStarts ?? [])];
    this.sessionStart = this.history.length > 0 ? "resume" : "startup";
    this.compactor = new SessionCompactor(config, {
      recorder: {
        recordCompacted: (item) => {
          // A compacted history no longer tells turns apart: earlier turns cannot be rolled back.
          this.turnStarts.length = 0;
          this.recorder?.recordCompacted?.(item);
        },
      },
      lastTokenInfo: opened.lastTokenInfo ?? null,
    });
    this.skills = new SessionSkills(config, (message) => this.emit("", { type: "warning", message }));
    this.context = new ContextMessages(config, { alreadySent: this.history.length > 0, skills: this.skills });
    // A review sub-thread runs read-only: nothing of its own to undo.
    const subThread = typeof options.persist?.source === "object";
    this.files = this.recorder?.path && !subThread ? new TurnFileHistory(config.codexHome, this.id) : null;
    this.settings = initialTurnSettings(config);
    this.emit(
      "",
      sessionConfigured(config, {
        id: this.id,
        rolloutPath: this.recorder?.path ?? null,
        history: this.history,
        conversation: opened.conversation,
        promptHistory: options.promptHistory === true,
      }),
    );
    // MCP servers start now (uncached ones) in parallel with everything else; see mcp/connection-manager.ts.
    this.mcp =
      Object.keys(config.mcp_servers).length > 0 && options.tools === undefined
        ? new McpConnectionManager({
            servers: config.mcp_servers,
            codexHome: config.codexHome,
            cwd: config.cwd,
            onWarning: (message) =>
              options.onWarning ? options.onWarning(message) : this.emit("", { type: "warning", message }),
          })
        : null;
    this.mcp?.start();
    const builtinTools = options.builtinTools;
    this.tools = new SessionTools({
      builtins: builtinTools
        ? () => builtinTools
        : (modelConfig) => defaultBuiltinTools(modelConfig, this.terminals),
      tools: options.tools,
      mcp: this.mcp,
    });
  }

  private emit(id: string, msg: EventMsg): void {
    recordSessionEvent(this.recorder, msg);
    this.events.push({ id, msg });
  }

  async submit(op: Op): Promise<string> {
    const subId = String(++this.subCounter);
    if (this.closed) return subId;
    switch (op.type) {
      case "user_turn": {
        const { type: _t, items, final_output_json_schema, ...overrides } = op;
        this.applyOverrides(subId, overrides);
        const settings = { ...this.settings };
        this.enqueue(() =>
          this.runUserTurn(subId, { items, settings, outputSchema: final_output_json_schema ?? null }),
        );
        break;
      }
      case "override_turn_context": {
        const { type: _t, ...overrides } = op;
        this.applyOverrides(subId, overrides);
        break;
      }
      case "interrupt":
        this.running?.controller.abort();
        this.terminals.stopAll();
        break;
      case "exec_approval":
      case "patch_approval":
        this.approvals.answer(op.call_id, op.decision);
        break;
      case "list_skills":
        this.emit(subId, { type: "list_skills_response", skills: this.skills.list() });
        break;
      case "list_background_terminals":
        this.emit(subId, { type: "background_terminals_response", terminals: this.terminals.list() });
        break;
      case "clean_background_terminals": {
        const count = this.terminals.list().length;
        this.terminals.stopAll();
        const message = count === 0 ? "No background terminals running" : "Stopping all background terminals";
        this.emit(subId, { type: "background_event", message });
        break;
      }
      case "network_approval":
        this.answerNetworkApproval(subId, op.host, op.decision);
        break;
      case "list_mcp_tools":
        this.emit(subId, { type: "mcp_list_tools_response", tools: this.mcp?.listTools() ?? [] });
        break;
      case "compact":
        this.enqueue(() => this.runCompact(subId));
        break;
      case "review":
        this.enqueue(() => this.runReviewTurn(subId, op.review_request));
        break;
      case "thread_rollback": {
        const request = { numTurns: op.num_turns, restoreFiles: op.restore_files === true };
        this.enqueue(async () => this.emit(subId, rollbackTurns(this.rollbackState(), request)));
        break;
      }
      case "add_to_history":
      case "get_history_entry_request":
      case "list_custom_prompts":
        answerHistoryOp(op, { config: this.config, id: this.id, emit: (msg) => this.emit(subId, msg) });
        break;
      case "shutdown":
        await this.shutdown(subId);
        break;
    }
    return subId;
  }

  async close(): Promise<void> {
    if (!this.closed) await this.submit({ type: "shutdown" });
  }

  /** A human allowed (or not) a host the allow-list refused; `always` writes it to config.toml. */
  private answerNetworkApproval(subId: string, host: string, decision: NetworkDecision): void {
    if (!this.network || decision === "denied") return;
    try {
      this.network.allow(host, { always: decision === "approved_always", codexHome: this.config.codexHome });
    } catch (error) {
      this.emit(subId, {
        type: "warning",
        message: `could not save the network rule: ${(error as Error).message}`,
      });
    }
  }

  private async shutdown(subId: string): Promise<void> {
    this.closed = true;
    this.running?.controller.abort();
    this.terminals.close();
    await this.turnChain;
    this.files?.close();
    await this.mcp?.shutdown();
    await this.network?.close();
    this.recorder?.close?.();
    this.emit(subId, { type: "shutdown_complete" });
    this.events.close();
  }

  /** Applies a turn's or `override_turn_context`'s settings; says so when they changed anything. */
  private applyOverrides(subId: string, overrides: Partial<TurnSettings> & Record<string, unknown>): void {
    const before = JSON.stringify(this.settings);
    this.settings = withOverrides(this.settings, overrides);
    if (JSON.stringify(this.settings) !== before) this.emit(subId, turnContextChanged(this.settings));
  }

  private enqueue(task: () => Promise<void>): void {
    this.turnChain = this.turnChain.then(task, task);
  }

  private async runUserTurn(
    subId: string,
    turn: { items: Parameters<typeof userMessage>[0]; settings: TurnSettings; outputSchema: unknown },
  ): Promise<void> {
    if (this.closed) return;
    const controller = new AbortController();
    this.running = { subId, controller };
    const emit = (msg: EventMsg) => this.emit(subId, msg);
    const nextItemId = () => `item_${this.itemCounter++}`;
    const todo = new TodoListTracker(emit, nextItemId);
    let files: TurnFiles | null = null;
    emit({ type: "turn_started", turn_id: subId, model_context_window: this.config.model_context_window });
    const failed = (message: string) => {
      emit({ type: "error", message });
      emit({ type: "turn_failed", turn_id: subId, error: { message }, usage: this.usage });
    };
    try {
      const hookCommon = hookCommonInput(this.id, subId, this.recorder?.path ?? null, turn.settings);
      const sessionStart = this.sessionStart;
      this.sessionStart = null;
      const prompted = await runPromptHooks(this.hooks, hookCommon, {
        items: turn.items,
        sessionStart,
        emit,
        signal: controller.signal,
      });
      if (prompted.blocked) {
        emit({ type: "turn_completed", turn_id: subId, last_agent_message: null, usage: this.usage });
        return;
      }
      // Loading the client and reading AGENTS.md/images overlap.
      const [client, context, message] = await Promise.all([
        this.client.get(),
        this.context.prepare(turn.settings),
        userMessage(turn.items, turn.settings.cwd),
      ]);
      const input = [...context.items, message, ...this.skills.mentions(turn.items), ...prompted.context];
      this.turnStarts.push(this.history.length);
      files = this.files?.beginTurn(turn.settings.cwd) ?? null;
      this.history.push(...input);
      context.commit();
      recordTurnStart(this.recorder, turn, input);
      // Servers without a cached tool list: wait until each is up or has failed (own startup timeout).
      await this.mcp?.ready({ signal: controller.signal });
      const rt = this.turnRuntime({ subId, turn, client, controller, todo, files });
      const result = await runWithStopHooks(rt, this.hooks, hookCommon, () => runTurnLoop(rt));
      this.usage = rt.usage;
      todo.finish();
      if (result.type === "completed") {
        emit({
          type: "turn_completed",
          turn_id: subId,
          last_agent_message: result.lastAgentMessage,
          usage: this.usage,
        });
        notifyTurnComplete({
          notify: this.config.notify,
          threadId: this.id,
          turnId: subId,
          inputs: turn.items,
          lastAssistantMessage: result.lastAgentMessage,
          onWarning: (message) => emit({ type: "warning", message }),
        });
      } else if (result.type === "failed") failed(result.message);
      else emit({ type: "turn_aborted", turn_id: subId, reason: "interrupted" });
    } catch (error) {
      if (controller.signal.aborted) emit({ type: "turn_aborted", turn_id: subId, reason: "interrupted" });
      else failed(error instanceof Error ? error.message : String(error));
    } finally {
      await files?.finish();
      this.running = null;
      this.recorder?.sync?.();
      collectSoon();
    }
  }

  /** The `review` op: a turn whose work is done by a review sub-thread (session/review-turn.ts). */
  private async runReviewTurn(subId: string, request: Parameters<typeof runReview>[1]): Promise<void> {
    if (this.closed) return;
    const controller = new AbortController();
    this.running = { subId, controller };
    const emit = (msg: EventMsg) => this.emit(subId, msg);
    const settings = { ...this.settings };
    emit({ type: "turn_started", turn_id: subId, model_context_window: this.config.model_context_window });
    const result = await runReview(
      {
        config: this.config,
        settings,
        parentId: this.id,
        persisted: this.recorder !== null,
        originator: this.originator,
        env: this.options.env ?? process.env,
        useCodexApiKeyEnv: this.options.useCodexApiKeyEnv ?? false,
        client: () => this.client.get(),
        builtinTools: this.options.builtinTools ?? defaultBuiltinTools(this.config, this.terminals),
        startSession: (config, options) => new CodexSessionImpl(config, options),
        emit,
        nextItemId: () => `item_${this.itemCounter++}`,
        signal: controller.signal,
      },
      request,
    );
    this.usage = addTokenUsage(this.usage, result.usage);
    if (result.type === "completed") {
      this.turnStarts.push(this.history.length);
      this.files?.recordUnchangedTurn();
      this.history.push(...result.items);
      recordReview(this.recorder, settings, result);
      emit({
        type: "turn_completed",
        turn_id: subId,
        last_agent_message: result.rendered,
        usage: this.usage,
      });
    } else if (result.type === "failed") {
      emit({ type: "error", message: result.message });
      emit({ type: "turn_failed", turn_id: subId, error: { message: result.message }, usage: this.usage });
    } else emit({ type: "turn_aborted", turn_id: subId, reason: "interrupted" });
    this.running = null;
    this.recorder?.sync?.();
  }

  private rollbackState(): RollbackState {
    const { history, turnStarts, context, recorder, files } = this;
    return { history, turnStarts, context, recorder, files };
  }

  /** The `compact` op: summarise the conversation now (a turn of its own). */
  private async runCompact(subId: string): Promise<void> {
    if (this.closed) return;
    const controller = new AbortController();
    this.running = { subId, controller };
    const emit = (msg: EventMsg) => this.emit(subId, msg);
    try {
      await runCompactTask({
        compactor: this.compactor,
        client: () => this.client.get(),
        request: (client) => {
          const todo = new TodoListTracker(emit, () => `item_${this.itemCounter++}`);
          const turn = { settings: { ...this.settings }, outputSchema: null };
          return buildRequest(this.turnRuntime({ subId, turn, client, controller, todo, files: null }));
        },
        history: this.history,
        signal: controller.signal,
        turnId: subId,
        emit,
        usage: () => this.usage,
        modelContextWindow: this.config.model_context_window,
      });
    } finally {
      this.running = null;
      this.recorder?.sync?.();
    }
  }

  private turnRuntime(args: {
    subId: string;
    turn: { settings: TurnSettings; outputSchema: unknown };
    client: ModelClient;
    controller: AbortController;
    todo: TodoListTracker;
    files: TurnFiles | null;
  }): TurnRuntime {
    const { subId, turn, todo } = args;
    const signal = args.controller.signal;
    const emit = (msg: EventMsg) => {
      this.emit(subId, msg);
      if (msg.type === "plan_update") todo.onPlan(msg.plan);
      else recordTurnEvent(this.recorder, msg);
    };
    const config = configForModel(this.config, turn.settings.model);
    return {
      turnId: subId,
      conversationId: this.id,
      config,
      settings: turn.settings,
      instructions: baseInstructions(config),
      outputSchema: turn.outputSchema ?? null,
      ...(this.options.requestHeaders ? { requestHeaders: this.options.requestHeaders } : {}),
      ...(args.files ? { toolsComing: args.files.toolsComing, beforeTools: args.files.beforeTools } : {}),
      client: args.client,
      registry: this.tools.registry(config),
      approvedForSession: this.approvedForSession,
      rules: this.rules,
      network: this.network,
      toolHooks: turnToolHooks(
        this.hooks,
        hookCommonInput(this.id, subId, this.recorder?.path ?? null, turn.settings),
        { emit, signal, history: this.history, recorder: this.recorder },
      ),
      signal,
      history: this.history,
      usage: this.usage,
      retryBaseDelayMs: this.options.retryBaseDelayMs ?? 200,
      emit,
      outputDeltas: this.options.commandOutputDeltas !== false,
      nextItemId: () => `item_${this.itemCounter++}`,
      requestApproval: (callId, request) =>
        this.approvals.ask(callId, request, { emit, controller: args.controller }),
      record: (items) => this.recorder?.record(items),
      compaction: this.compactor.forTurn({ client: args.client, emit }),
    };
  }
}

/** Starts a session. Emits `session_configured` first; nothing touches the network until a turn runs. */
export function createSession(config: Config, options: CreateSessionOptions = {}): CodexSession {
  return new CodexSessionImpl(config, options);
}
