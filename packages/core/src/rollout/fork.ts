/**
 * Forking a saved session: a new session file, under a new thread id, holding everything the
 * original recorded (conversation, turn settings, events) and naming it in `forked_from_id`, so
 * resuming the fork continues from the same point while the original stays as it was.
 */
import { CODEX_VERSION } from "@codex/protocol";
import { RolloutNotFoundError } from "./errors.ts";
import { findRolloutPathById } from "./find.ts";
import { readRolloutFile } from "./reader.ts";
import { RolloutRecorder } from "./recorder.ts";
import type { SessionSource } from "./types.ts";

export type ForkedThread = { id: string; path: string };

/** Copies session `sourceId` into a new session file; throws RolloutNotFoundError when there is none. */
export function forkSavedThread(options: {
  codexHome: string;
  sourceId: string;
  originator: string;
  source: SessionSource;
}): ForkedThread {
  const sourcePath = findRolloutPathById(options.codexHome, options.sourceId);
  if (sourcePath === null)
    throw new RolloutNotFoundError(`no rollout found for thread id ${options.sourceId}`);
  const file = readRolloutFile(sourcePath);
  let failure: Error | null = null;
  const recorder = RolloutRecorder.create({
    codexHome: options.codexHome,
    meta: {
      cwd: file.meta.cwd,
      originator: options.originator,
      cliVersion: CODEX_VERSION,
      instructions: file.meta.instructions,
      source: options.source,
      ...(file.meta.model_provider ? { modelProvider: file.meta.model_provider } : {}),
      git: file.meta.git ?? null,
      forkedFromId: file.meta.id,
    },
    onError: (error) => {
      failure = error;
    },
  });
  recorder.append(file.items.filter((item) => item.type !== "session_meta"));
  recorder.close();
  if (failure !== null)
    throw new Error(`could not write the forked session file: ${(failure as Error).message}`);
  return { id: recorder.sessionId, path: recorder.path };
}
