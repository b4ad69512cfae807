/** The session's public shapes: what `createSession` takes and returns. */
import type { ResponseItem, Session } from "@codex/protocol";
import type { ModelClient } from "../client/types.ts";
import type { CompactedItem, RolloutEventMsg, TurnContextItem } from "../rollout/types.ts";
import type { ToolHandler } from "../tools/types.ts";
import type { PersistOptions, ResumeRequest } from "./persistence.ts";

/** Where a session's conversation is persisted (the rollout recorder implements this). */
export interface SessionRecorder {
  /** The file's path, when there is one. */
  readonly path: string | null;
  record(items: readonly ResponseItem[]): void;
  recordTurnContext?(context: TurnContextItem): void;
  recordEvent?(event: RolloutEventMsg): void;
  recordCompacted?(item: CompactedItem): void;
  /** Flushes to disk (called at the end of each turn). */
  sync?(): void;
  close?(): void;
}

export type CreateSessionOptions = {
  /** The model client; by default one is made from `config.model_provider` on the first turn. */
  client?: ModelClient | (() => Promise<ModelClient>);
  /** Session (thread) id; a new UUIDv7 by default. Resume passes the original id. */
  sessionId?: string;
  /** Conversation to continue (resume): the items replayed from a rollout. */
  initialHistory?: ResponseItem[];
  /** Extra tools offered after the built-ins (MCP tools). */
  tools?: readonly ToolHandler[];
  /** Replaces the built-in tools (tests, embedders). */
  builtinTools?: readonly ToolHandler[];
  /** Default `originator` header and rollout originator: `codex_exec`, `codex_cli_rs` (default). */
  originator?: string;
  /** Honour `CODEX_API_KEY` (exec does, as the reference). */
  useCodexApiKeyEnv?: boolean;
  /** Environment for credentials, provider headers and the originator override (default process.env). */
  env?: Record<string, string | undefined>;
  /** Records the session to a rollout file under `$CODEX_HOME/sessions` (front ends pass this). */
  persist?: PersistOptions;
  /** Continues a saved session (needs the rollout file); its thread id is kept. */
  resume?: ResumeRequest;
  /** Starts a new session (new id, new rollout) from a copy of a saved one's conversation. */
  fork?: ResumeRequest;
  /** A recorder of one's own (instead of `persist`). */
  recorder?: SessionRecorder;
  /**
   * Name the prompt history log in `session_configured` (for Up/Down recall through
   * `get_history_entry_request`). Counting its entries reads the whole file, so only front ends
   * that recall prompts ask for it; without it the log is reported empty (0/0).
   */
  promptHistory?: boolean;
  /**
   * Stream commands' output as `command_output_delta` events (default true). A front end that
   * shows only finished commands (`codex exec`) turns them off: the chunks are then not decoded.
   */
  commandOutputDeltas?: boolean;
  /** Non-fatal problems found while starting (e.g. the session file cannot be written). */
  onWarning?: (message: string) => void;
  /** Base delay of the stream retry backoff, in ms (default 200). */
  retryBaseDelayMs?: number;
  /** Load no `*.rules` files (`codex exec --ignore-rules`). */
  ignoreRules?: boolean;
  /** Headers on every model request of this session (a review sub-thread's `x-openai-subagent`). */
  requestHeaders?: Record<string, string>;
  /** Run hooks that are not trusted (`--dangerously-bypass-hook-trust`). */
  bypassHookTrust?: boolean;
};

/** A running session; `id` is the thread id front ends show (and `exec --json` prints). */
export interface CodexSession extends Session {
  readonly id: string;
}
