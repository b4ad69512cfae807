/** thread/start, thread/resume, thread/fork, thread/revert, thread/list and thread/read. */
import type { Config } from "@codex/core";
import type { ServerContext } from "../context.ts";
import { invalidRequest } from "../errors.ts";
import { LoadedThread } from "../loaded-thread.ts";
import { type Params, requiredString, threadIdParam } from "../params.ts";
import { savedThreadFacts, summaryFacts, turnsFromConversation } from "../saved-threads.ts";
import { threadConfig } from "../thread-config.ts";
import { sessionSettings, threadObject, type V2Turn } from "../thread-view.ts";

async function openThread(
  ctx: ServerContext,
  config: Config,
  options: { ephemeral: boolean; resumeId?: string; turns: V2Turn[]; preview: string },
): Promise<LoadedThread> {
  const core = await import("@codex/core");
  let session: ReturnType<typeof core.createSession>;
  try {
    session = core.createSession(config, {
      originator: ctx.client.name,
      env: ctx.env,
      persist: options.ephemeral ? undefined : { source: "vscode" },
      ...(options.resumeId ? { resume: { sessionId: options.resumeId } } : {}),
      onWarning: (message) => ctx.peer.notify("warning", { message }),
    });
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : String(error));
  }
  const now = Math.floor(Date.now() / 1000);
  const thread = await LoadedThread.open(
    session,
    config,
    {
      preview: options.preview,
      ephemeral: options.ephemeral,
      modelProvider: config.model_provider.id,
      model: config.model,
      createdAt: now,
      updatedAt: now,
      cwd: config.cwd,
      originator: ctx.client.name,
      source: "vscode",
      forkedFromId: null,
    },
    { turns: options.turns, peer: ctx.peer },
  );
  ctx.threads.add(thread);
  return thread;
}

export async function threadStart(
  params: Params,
  ctx: ServerContext,
): Promise<{ result: unknown; after: () => void }> {
  const config = await threadConfig(ctx, params);
  const thread = await openThread(ctx, config, {
    ephemeral: params.ephemeral === true,
    turns: [],
    preview: "",
  });
  const threadJson = thread.thread({ withTurns: true });
  return {
    result: { thread: threadJson, ...sessionSettings(config) },
    // 0.169 announces the new thread after answering.
    after: () => ctx.peer.notify("thread/started", { thread: threadJson }),
  };
}

/** Loads saved thread `threadId` into a running session (resume, and the new file of a fork). */
async function openSaved(
  ctx: ServerContext,
  threadId: string,
  params: Params,
  facts: { forkedFromId: string | null },
): Promise<LoadedThread> {
  const core = await import("@codex/core");
  const saved = core.readSavedThread(ctx.codexHome, threadId);
  if (!saved) throw invalidRequest(`no rollout found for thread id ${threadId}`);
  const config = await threadConfig(ctx, { cwd: saved.cwd, ...params });
  const savedFacts = savedThreadFacts(saved);
  const thread = await openThread(ctx, config, {
    ephemeral: false,
    resumeId: threadId,
    turns: turnsFromConversation(threadId, saved.conversation),
    preview: savedFacts.preview,
  });
  Object.assign(thread.facts, {
    createdAt: savedFacts.createdAt,
    originator: savedFacts.originator,
    source: savedFacts.source,
    forkedFromId: facts.forkedFromId,
  });
  return thread;
}

export async function threadResume(params: Params, ctx: ServerContext): Promise<unknown> {
  const threadId = threadIdParam(params);
  const thread =
    ctx.threads.find(threadId) ?? (await openSaved(ctx, threadId, params, { forkedFromId: null }));
  return {
    thread: thread.thread({ withTurns: params.excludeTurns !== true }),
    ...sessionSettings(thread.config),
  };
}

/** A new thread holding a copy of another's conversation; the original is left as it was. */
export async function threadFork(
  params: Params,
  ctx: ServerContext,
): Promise<{ result: unknown; after: () => void }> {
  const sourceId = threadIdParam(params);
  if (params.ephemeral === true)
    throw invalidRequest("thread/fork: ephemeral forks are not supported by this build");
  if (params.lastTurnId !== undefined && params.lastTurnId !== null)
    throw invalidRequest("thread/fork: lastTurnId is not supported by this build; fork the whole thread");
  const core = await import("@codex/core");
  let forked: ReturnType<typeof core.forkSavedThread>;
  try {
    forked = core.forkSavedThread({
      codexHome: ctx.codexHome,
      sourceId,
      originator: ctx.client.name,
      source: "vscode",
    });
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : String(error));
  }
  const thread = await openSaved(ctx, forked.id, params, { forkedFromId: sourceId });
  const threadJson = thread.thread({ withTurns: params.excludeTurns !== true });
  return {
    result: { thread: threadJson, ...sessionSettings(thread.config) },
    after: () => ctx.peer.notify("thread/started", { thread: threadJson }),
  };
}

/** Drops a turn and every later one; the thread is loaded first when it is only saved. */
export async function threadRevert(
  params: Params,
  ctx: ServerContext,
): Promise<{ result: unknown; after: () => void }> {
  const threadId = threadIdParam(params);
  const beforeTurnId = requiredString(params, "beforeTurnId");
  const thread = ctx.threads.find(threadId) ?? (await openSaved(ctx, threadId, {}, { forkedFromId: null }));
  await thread.revert(beforeTurnId);
  return {
    // As 0.169: the answer's thread has no turns (thread/read gives the ones kept).
    result: { thread: thread.thread({ withTurns: false }) },
    after: () => ctx.peer.notify("thread/reverted", { threadId }),
  };
}

const SOURCE_KINDS: Record<string, "cli" | "vscode" | "exec" | "mcp"> = {
  cli: "cli",
  vscode: "vscode",
  exec: "exec",
  appServer: "mcp",
  mcp: "mcp",
};

export async function threadList(params: Params, ctx: ServerContext): Promise<unknown> {
  const core = await import("@codex/core");
  const kinds = Array.isArray(params.sourceKinds) ? (params.sourceKinds as unknown[]) : [];
  // By default the interactive sources (the TUI and app-server front ends), as 0.169.
  const sources =
    kinds.length > 0
      ? kinds.flatMap((kind) => {
          const source = typeof kind === "string" ? SOURCE_KINDS[kind] : undefined;
          return source ? [source] : [];
        })
      : (["cli", "vscode"] as const);
  const limit = typeof params.limit === "number" && params.limit > 0 ? Math.floor(params.limit) : 25;
  const page = core.listSessions({
    codexHome: ctx.codexHome,
    pageSize: limit,
    cursor: typeof params.cursor === "string" ? params.cursor : null,
    filter: { sources, ...(typeof params.cwd === "string" ? { cwd: params.cwd } : {}) },
  });
  const data = page.items.map((summary) => {
    const loaded = ctx.threads.find(summary.id);
    if (loaded) return loaded.thread({ withTurns: false });
    const modified = summary.modifiedMs ?? Date.parse(summary.timestamp);
    return threadObject(summaryFacts(summary, modified), { type: "notLoaded" }, []);
  });
  return { data, nextCursor: page.nextCursor, backwardsCursor: null };
}

export async function threadRead(params: Params, ctx: ServerContext): Promise<unknown> {
  const threadId = threadIdParam(params);
  const withTurns = params.includeTurns === true;
  const loaded = ctx.threads.find(threadId);
  if (loaded) return { thread: loaded.thread({ withTurns }) };
  const core = await import("@codex/core");
  const saved = core.readSavedThread(ctx.codexHome, threadId);
  if (!saved) throw invalidRequest(`thread not loaded: ${threadId}`);
  const turns = withTurns ? turnsFromConversation(threadId, saved.conversation) : [];
  return { thread: threadObject(savedThreadFacts(saved), { type: "notLoaded" }, turns) };
}
