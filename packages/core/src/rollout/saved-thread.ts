/**
 * One saved session as a front end lists or shows it without running it (app-server's
 * thread/read and thread/resume answers): where it is, what started it, and the conversation.
 */
import { statSync } from "node:fs";
import type { InitialMessage } from "@codex/protocol";
import { conversationFromRollout } from "./conversation.ts";
import { findRolloutPathById } from "./find.ts";
import { readRolloutFile } from "./reader.ts";
import { type SessionSourceName, sessionSourceName } from "./types.ts";

export type SavedThread = {
  id: string;
  path: string;
  cwd: string;
  source: SessionSourceName;
  originator: string;
  modelProvider: string | null;
  /** session_meta.timestamp (ISO 8601 UTC). */
  timestamp: string;
  /** When the file was last written (ms since the epoch). */
  modifiedMs: number;
  conversation: InitialMessage[];
};

/** Reads session `id`; null when there is no such session. Throws RolloutCorruptError for a bad file. */
export function readSavedThread(codexHome: string, id: string): SavedThread | null {
  const path = findRolloutPathById(codexHome, id);
  if (path === null) return null;
  const file = readRolloutFile(path);
  return {
    id: file.meta.id,
    path,
    cwd: file.meta.cwd,
    source: sessionSourceName(file.meta.source),
    originator: file.meta.originator ?? "",
    modelProvider: file.meta.model_provider ?? null,
    timestamp: file.meta.timestamp,
    modifiedMs: statSync(path).mtimeMs,
    conversation: conversationFromRollout(file.items) ?? [],
  };
}
