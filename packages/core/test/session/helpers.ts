/** Shared setup for session tests: a mock model server, a temp CODEX_HOME and workspace, a session. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CodexSession,
  type ConfigFlags,
  type CreateSessionOptions,
  createSession,
  loadConfig,
} from "@codex/core";
import type { Event, EventMsg } from "@codex/protocol";
import { MockModelServer, makeGitRepo } from "@codex/test-support";

export type Harness = {
  server: MockModelServer;
  codexHome: string;
  workspace: string;
  start(options?: {
    flags?: ConfigFlags;
    session?: CreateSessionOptions;
    overrides?: Array<[string, unknown]>;
  }): CodexSession;
  close(): Promise<void>;
};

/** Writes a config.toml pointing at the mock server (provider `mock`, no API key needed). */
export function writeConfig(
  codexHome: string,
  options: { baseUrl: string; wireApi?: "responses" | "chat"; streamMaxRetries?: number; extra?: string },
): void {
  writeFileSync(
    join(codexHome, "config.toml"),
    [
      'model = "gpt-5-codex"',
      'model_provider = "mock"',
      options.extra ?? "",
      "[model_providers.mock]",
      'name = "mock"',
      `base_url = ${JSON.stringify(options.baseUrl)}`,
      `wire_api = "${options.wireApi ?? "responses"}"`,
      "request_max_retries = 0",
      `stream_max_retries = ${options.streamMaxRetries ?? 0}`,
      "",
    ].join("\n"),
  );
}

export async function harness(
  options: {
    wireApi?: "responses" | "chat";
    streamMaxRetries?: number;
    extraToml?: string;
    git?: boolean;
  } = {},
): Promise<Harness> {
  const server = await MockModelServer.start();
  const codexHome = mkdtempSync(join(tmpdir(), "codex-home-"));
  const workspace = mkdtempSync(join(tmpdir(), "codex-ws-"));
  if (options.git !== false) makeGitRepo(workspace);
  writeConfig(codexHome, {
    baseUrl: server.baseUrl,
    wireApi: options.wireApi,
    streamMaxRetries: options.streamMaxRetries,
    extra: options.extraToml,
  });
  const sessions: CodexSession[] = [];
  return {
    server,
    codexHome,
    workspace,
    start(startOptions = {}) {
      const { config } = loadConfig({
        codexHome,
        cwd: workspace,
        flags: { approval_policy: "never", sandbox_mode: "danger-full-access", ...startOptions.flags },
        overrides: startOptions.overrides,
        env: {},
        onWarning: () => {},
      });
      const session = createSession(config, { retryBaseDelayMs: 1, ...startOptions.session });
      sessions.push(session);
      return session;
    },
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      await server.close();
    },
  };
}

const TURN_END = new Set(["turn_completed", "turn_failed", "turn_aborted"]);

/** Reads events until the current turn ends; returns them (session_configured included when first). */
export async function untilTurnEnd(
  session: CodexSession,
  onEvent?: (event: Event) => void,
): Promise<EventMsg[]> {
  const seen: EventMsg[] = [];
  const iterator = session.events[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) return seen;
    seen.push(next.value.msg);
    onEvent?.(next.value);
    if (TURN_END.has(next.value.msg.type)) return seen;
  }
}

export function ofType<T extends EventMsg["type"]>(
  events: EventMsg[],
  type: T,
): Array<Extract<EventMsg, { type: T }>> {
  return events.filter((e): e is Extract<EventMsg, { type: T }> => e.type === type);
}

export function userTurn(text: string) {
  return { type: "user_turn" as const, items: [{ type: "text" as const, text }] };
}
