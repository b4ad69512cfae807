/**
 * Opens the session's rollout file: a new one for a new session, or the saved one when resuming
 * (same thread id, history replayed), and says which events the rollout keeps. The rollout
 * package does the reading and writing.
 */
import {
  CODEX_VERSION,
  type EventMsg,
  type InitialMessage,
  type ResponseItem,
  type TokenUsageInfo,
  type UserInput,
} from "@codex/protocol";
import type { Config } from "../config/types.ts";
import { forkSavedThread } from "../rollout/fork.ts";
import { newSessionId } from "../rollout/paths.ts";
import { RolloutRecorder } from "../rollout/recorder.ts";
import { openRolloutForResume, resumeRecorder } from "../rollout/resume.ts";
import type { SessionFilter } from "../rollout/summary.ts";
import type { RolloutEventMsg, SessionSource, TurnContextItem } from "../rollout/types.ts";
import type { TurnSettings } from "./turn-runtime.ts";

export type PersistOptions = {
  source: SessionSource;
  /** A sub-thread's parent (a review's session). */
  parentThreadId?: string;
};

/** `--last` may be narrowed to sessions started in one directory or from some sources. */
export type ResumeRequest = { sessionId: string } | { last: true; filter?: SessionFilter };

export type OpenedSession = {
  sessionId: string | undefined;
  history: ResponseItem[];
  /** A resumed session's conversation as the user saw it (from the rollout's message events). */
  conversation?: InitialMessage[] | null;
  recorder: RolloutRecorder | null;
  /** The resumed session's last token count (auto-compaction decides from it). */
  lastTokenInfo?: TokenUsageInfo | null;
  /** Where each resumed turn starts in `history` (for rolling turns back). */
  turnStarts?: number[];
};

function openRollout(codexHome: string, request: ResumeRequest) {
  return openRolloutForResume({
    codexHome,
    ...("last" in request ? { last: true as const, filter: request.filter } : { id: request.sessionId }),
  });
}

/** Resolves the thread id, initial history and recorder. Throws a one-line error when a resume target is missing. */
export function openPersistence(
  config: Config,
  options: {
    originator: string;
    persist?: PersistOptions;
    resume?: ResumeRequest;
    fork?: ResumeRequest;
    sessionId?: string;
    onWarning?: (m: string) => void;
  },
): OpenedSession {
  const recorderOptions = {
    onError: (error: Error) => options.onWarning?.(`could not write the session file: ${error.message}`),
  };
  if (options.fork) {
    // A new session that starts where the other one is: the original is copied into a rollout of
    // its own (rollout/fork.ts, with `forked_from_id`), which then resumes; the original is only read.
    const source = openRollout(config.codexHome, options.fork);
    const forked = options.persist
      ? openRolloutForResume({
          codexHome: config.codexHome,
          path: forkSavedThread({
            codexHome: config.codexHome,
            sourceId: source.sessionId,
            originator: options.originator,
            source: options.persist.source,
          }).path,
        })
      : null;
    return {
      sessionId: forked?.sessionId ?? options.sessionId ?? newSessionId(),
      history: source.history,
      conversation: source.conversation,
      lastTokenInfo: source.lastTokenInfo,
      turnStarts: source.turnStarts,
      recorder: forked ? resumeRecorder(forked, recorderOptions) : null,
    };
  }
  if (options.resume) {
    const resumed = openRollout(config.codexHome, options.resume);
    return {
      sessionId: resumed.sessionId,
      history: resumed.history,
      conversation: resumed.conversation,
      lastTokenInfo: resumed.lastTokenInfo,
      turnStarts: resumed.turnStarts,
      recorder: options.persist ? resumeRecorder(resumed, recorderOptions) : null,
    };
  }
  const persist = options.persist;
  if (!persist) return { sessionId: options.sessionId, history: [], recorder: null };
  const sessionId = options.sessionId ?? newSessionId();
  const recorder = RolloutRecorder.create({
    codexHome: config.codexHome,
    sessionId,
    meta: {
      cwd: config.cwd,
      originator: options.originator,
      cliVersion: CODEX_VERSION,
      source: persist.source,
      modelProvider: config.model_provider.id,
      ...(persist.parentThreadId ? { parentThreadId: persist.parentThreadId } : {}),
    },
    ...recorderOptions,
  });
  return { sessionId, history: [], recorder };
}

/** Records the start of a turn: its settings, its input items and the user's text. */
export function recordTurnStart(
  recorder: SessionRecorderLike | null,
  turn: { items: readonly UserInput[]; settings: TurnSettings },
  input: readonly ResponseItem[],
): void {
  if (!recorder) return;
  const { settings } = turn;
  recorder.recordTurnContext?.({
    cwd: settings.cwd,
    approval_policy: settings.approvalPolicy,
    sandbox_policy: settings.sandboxPolicy,
    model: settings.model,
    effort: settings.effort,
    summary: settings.summary,
  });
  recorder.record(input);
  const text = turn.items.flatMap((item) => (item.type === "text" ? [item.text] : [])).join("\n");
  recorder.recordEvent?.({ type: "user_message", message: text });
}

/** The session's own events that its rollout keeps: an interrupted turn, entering review. */
export function recordSessionEvent(recorder: SessionRecorderLike | null, msg: EventMsg): void {
  if (msg.type === "turn_aborted") recorder?.recordEvent?.({ type: "turn_aborted", reason: msg.reason });
  else if (msg.type === "entered_review_mode")
    recorder?.recordEvent?.({ type: "entered_review_mode", ...msg.review_request });
}

/** A turn's events that its rollout keeps: token counts and the agent's messages. */
export function recordTurnEvent(recorder: SessionRecorderLike | null, msg: EventMsg): void {
  if (msg.type === "token_count") recorder?.recordEvent?.({ type: "token_count", info: msg.info });
  else if (msg.type === "item_completed" && msg.item.type === "agent_message")
    recorder?.recordEvent?.({ type: "agent_message", message: msg.item.text });
}

type SessionRecorderLike = {
  record(items: readonly ResponseItem[]): void;
  recordTurnContext?(context: TurnContextItem): void;
  recordEvent?(event: RolloutEventMsg): void;
};
