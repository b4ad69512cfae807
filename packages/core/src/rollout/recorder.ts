/**
 * Appends a session to its rollout file as it happens. Every record is one complete line written
 * with a single synchronous `write` on an `O_APPEND` descriptor: once `record*` returns, the line
 * is in the kernel, so a `kill -9` at any later moment cannot lose it. `sync()` (called by the loop
 * at the end of each turn, and by `close()`) adds `fdatasync`, for power loss and OS crashes.
 * `durability: "fsync-each"` syncs after every record instead (see bench figures in the report).
 */
import { closeSync, fdatasyncSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { ResponseItem } from "@codex/protocol";
import { collectGitInfo } from "./git-info.ts";
import { newSessionId, rolloutPath } from "./paths.ts";
import type {
  CompactedItem,
  GitInfo,
  RolloutEventMsg,
  RolloutItem,
  SessionMeta,
  SessionSource,
  TurnContextItem,
} from "./types.ts";

export type Durability = "write" | "fsync-turn" | "fsync-each";

export type RecorderMeta = {
  cwd: string;
  /** `codex_exec`, `codex_cli_rs`, `codex_sdk_ts`, … (the originator header's value). */
  originator: string;
  cliVersion: string;
  /** User instructions (AGENTS.md) in force, if any. */
  instructions?: string | null;
  source: SessionSource;
  modelProvider?: string;
  /** Git facts; collected from `cwd` when undefined, omitted when null. */
  git?: GitInfo | null;
  parentThreadId?: string;
  forkedFromId?: string;
};

export type RecorderOptions = {
  /** Called once, with the first write error; later records are dropped (the session goes on). */
  onError?: (error: Error) => void;
  /** Default "fsync-turn": line-atomic writes, fdatasync on `sync()`/`close()`. */
  durability?: Durability;
};

const PERSISTED_RESPONSE_TYPES = new Set([
  "message",
  "reasoning",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "local_shell_call",
  "web_search_call",
]);

/** Whether a response item belongs in the rollout (everything the model sees, nothing else). */
function isPersistedResponseItem(item: { type: string }): boolean {
  return PERSISTED_RESPONSE_TYPES.has(item.type);
}

function lastByteIsNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const buf = Buffer.alloc(1);
  readSync(fd, buf, 0, 1, size - 1);
  return buf[0] === 0x0a;
}

export class RolloutRecorder {
  readonly path: string;
  readonly sessionId: string;
  private fd: number | null;
  private readonly durability: Durability;
  private readonly onError: ((error: Error) => void) | undefined;
  private failed = false;

  private constructor(path: string, sessionId: string, fd: number, options: RecorderOptions) {
    this.path = path;
    this.sessionId = sessionId;
    this.fd = fd;
    this.durability = options.durability ?? "fsync-turn";
    this.onError = options.onError;
  }

  /** Creates the rollout file of a new session and writes its session_meta line. */
  static create(
    options: { codexHome: string; sessionId?: string; meta: RecorderMeta; now?: Date } & RecorderOptions,
  ): RolloutRecorder {
    const now = options.now ?? new Date();
    const sessionId = options.sessionId ?? newSessionId(now.getTime());
    const path = rolloutPath(options.codexHome, now, sessionId);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(path, "a", 0o600);
    const recorder = new RolloutRecorder(path, sessionId, fd, options);
    const { meta } = options;
    const git = meta.git === undefined ? collectGitInfo(meta.cwd) : meta.git;
    const payload: SessionMeta = {
      id: sessionId,
      timestamp: now.toISOString(),
      cwd: meta.cwd,
      originator: meta.originator,
      cli_version: meta.cliVersion,
      instructions: meta.instructions ?? null,
      source: meta.source,
      ...(meta.modelProvider ? { model_provider: meta.modelProvider } : {}),
      ...(git ? { git } : {}),
      ...(meta.parentThreadId ? { parent_thread_id: meta.parentThreadId } : {}),
      ...(meta.forkedFromId ? { forked_from_id: meta.forkedFromId } : {}),
    };
    // Written, not synced: the line is safe from a killed process at once, and the first turn's
    // sync() makes it durable without putting an fdatasync before the first model request.
    recorder.append([{ type: "session_meta", payload }]);
    return recorder;
  }

  /**
   * Reopens an existing rollout file to continue a resumed session. A line torn by a crash is
   * closed first, so the next record starts on a line of its own.
   */
  static resume(options: { path: string; sessionId: string } & RecorderOptions): RolloutRecorder {
    const fd = openSync(options.path, "a+", 0o600);
    const recorder = new RolloutRecorder(options.path, options.sessionId, fd, options);
    if (!lastByteIsNewline(fd)) recorder.writeAll("\n");
    return recorder;
  }

  /** Records conversation items (model output, tool calls and outputs, user input). */
  record(items: readonly ResponseItem[]): void {
    const kept = items.filter(isPersistedResponseItem);
    this.append(kept.map((payload) => ({ type: "response_item", payload })));
  }

  recordTurnContext(context: TurnContextItem): void {
    this.append([{ type: "turn_context", payload: context }]);
  }

  recordEvent(event: RolloutEventMsg): void {
    this.append([{ type: "event_msg", payload: event }]);
  }

  recordCompacted(compacted: CompactedItem): void {
    this.append([{ type: "compacted", payload: compacted }]);
  }

  /** Writes any rollout items as they are (used by tools that copy or fork rollouts). */
  append(items: readonly RolloutItem[]): void {
    if (this.fd === null || this.failed || items.length === 0) return;
    const timestamp = new Date().toISOString();
    let text = "";
    for (const item of items)
      text += `${JSON.stringify({ timestamp, type: item.type, payload: item.payload })}\n`;
    this.writeAll(text);
    if (this.durability === "fsync-each") this.sync();
  }

  /** Makes everything written so far durable on disk (fdatasync). Cheap when nothing changed. */
  sync(): void {
    if (this.fd === null || this.failed || this.durability === "write") return;
    try {
      fdatasyncSync(this.fd);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Syncs and closes the file. Further records are ignored. */
  close(): void {
    if (this.fd === null) return;
    this.sync();
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = null;
  }

  private writeAll(text: string): void {
    if (this.fd === null) return;
    const buf = Buffer.from(text, "utf8");
    try {
      let offset = 0;
      while (offset < buf.length) offset += writeSync(this.fd, buf, offset, buf.length - offset);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const err = error instanceof Error ? error : new Error(String(error));
    const wrapped = new Error(
      `could not write the session file ${this.path}: ${err.message}; this session will not be resumable`,
    );
    this.onError?.(wrapped);
  }
}
