/**
 * Opening a saved session to continue it: `codex exec resume <id>`, `--last`, the SDK's
 * `resumeThread(id)` and the TUI's `codex resume`. Finds the file, rebuilds the history and hands
 * back what the session needs to go on under the same thread id.
 */
import type { InitialMessage, ResponseItem, TokenUsageInfo } from "@codex/protocol";
import { conversationFromRollout } from "./conversation.ts";
import { RolloutNotFoundError } from "./errors.ts";
import { findNewestSession, requireRolloutPathById } from "./find.ts";
import { sessionsDir } from "./paths.ts";
import { readRolloutFile } from "./reader.ts";
import { reconstructSession } from "./reconstruct.ts";
import { type RecorderOptions, RolloutRecorder } from "./recorder.ts";
import type { SessionFilter } from "./summary.ts";
import type { SessionMeta, TurnContextItem } from "./types.ts";

export type ResumeTarget =
  | { id: string; last?: false; path?: undefined }
  | { last: true; id?: undefined; path?: undefined; filter?: SessionFilter }
  | { path: string; id?: undefined; last?: false };

export type ResumedSession = {
  /** The thread id to keep using (`thread.started` repeats it). */
  sessionId: string;
  path: string;
  meta: SessionMeta;
  /** The conversation to send with the next request (initial context included: do not add it again). */
  history: ResponseItem[];
  /** What the user saw of the conversation, to show again; null when the file recorded no messages. */
  conversation: InitialMessage[] | null;
  lastTurnContext: TurnContextItem | null;
  lastTokenInfo: TokenUsageInfo | null;
  /** Where each turn since the last compaction starts in `history`. */
  turnStarts: number[];
  /** Lines that could not be read (e.g. torn by a crash) and were skipped. */
  skippedLines: number;
};

/** Finds and reads a session to resume. Throws RolloutNotFoundError / RolloutCorruptError. */
export function openRolloutForResume(options: { codexHome: string } & ResumeTarget): ResumedSession {
  let path: string;
  if (options.path !== undefined) {
    path = options.path;
  } else if (options.last) {
    const newest = findNewestSession(options.codexHome, options.filter ?? {});
    if (!newest) {
      throw new RolloutNotFoundError(
        `no saved session to resume in ${sessionsDir(options.codexHome)}; start one with \`codex exec\``,
      );
    }
    path = newest.path;
  } else {
    path = requireRolloutPathById(options.codexHome, options.id);
  }
  const file = readRolloutFile(path);
  const rebuilt = reconstructSession(file.items);
  return {
    sessionId: file.meta.id,
    path,
    meta: file.meta,
    history: rebuilt.history,
    conversation: conversationFromRollout(file.items),
    lastTurnContext: rebuilt.lastTurnContext,
    lastTokenInfo: rebuilt.lastTokenInfo,
    turnStarts: rebuilt.turnStarts,
    skippedLines: file.skippedLines,
  };
}

/** Opens the resumed session's file for appending (same file, same id). */
export function resumeRecorder(session: ResumedSession, options: RecorderOptions = {}): RolloutRecorder {
  return RolloutRecorder.resume({ path: session.path, sessionId: session.sessionId, ...options });
}
