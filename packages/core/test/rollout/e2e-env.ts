/** End-to-end setup for session tests: dist/codex, a mock model server, a CODEX_HOME, a git workspace. */
import { type Dirent, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResponseItem } from "@codex/protocol";
import {
  type CodexRunResult,
  jsonLines,
  MockModelServer,
  makeGitRepo,
  makeTempCodexHome,
  runCodex,
  spawnCodex,
  writeMockProviderConfig,
} from "@codex/test-support";

export type SessionEnv = {
  server: MockModelServer;
  codexHome: string;
  workspace: string;
  exec(args: string[], options?: { stdin?: string; timeoutMs?: number }): Promise<CodexRunResult>;
  spawnExec(args: string[]): ReturnType<typeof spawnCodex>;
  /** The `input` of the n-th request the model received. */
  input(index: number): ResponseItem[];
  rolloutFiles(): string[];
  close(): Promise<void>;
};

export async function sessionEnv(
  options: { extraToml?: string; streamMaxRetries?: number; wireApi?: "responses" | "chat" } = {},
): Promise<SessionEnv> {
  const server = await MockModelServer.start();
  const codexHome = makeTempCodexHome();
  const workspace = mkdtempSync(join(tmpdir(), "codex-session-ws-"));
  makeGitRepo(workspace);
  writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl, ...options });
  const walk = (dir: string): string[] => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  };
  return {
    server,
    codexHome,
    workspace,
    exec: (args, runOptions = {}) =>
      runCodex(["exec", ...args], {
        codexHome,
        cwd: workspace,
        ...(runOptions.stdin !== undefined ? { stdin: runOptions.stdin } : {}),
        timeoutMs: runOptions.timeoutMs ?? 30_000,
      }),
    spawnExec: (args) => spawnCodex(["exec", ...args], { codexHome, cwd: workspace }),
    input: (index) => ((server.requests[index]?.body ?? { input: [] }) as { input: ResponseItem[] }).input,
    rolloutFiles: () => walk(join(codexHome, "sessions")).filter((f) => f.endsWith(".jsonl")),
    close: () => server.close(),
  };
}

export function threadId(stdout: string): string {
  const started = jsonLines(stdout).find((e) => e.type === "thread.started");
  return started?.thread_id as string;
}

/** Texts of the messages in a request input, as `role:text`. */
export function messageTexts(input: readonly ResponseItem[]): string[] {
  return input.flatMap((item) =>
    item.type === "message"
      ? [`${item.role}:${item.content.map((c) => ("text" in c ? c.text : "")).join("")}`]
      : [],
  );
}

export function readRolloutLines(path: string): Array<{ type: string; payload: Record<string, unknown> }> {
  return jsonLines(readFileSync(path, "utf8")) as never;
}

export { jsonLines };
