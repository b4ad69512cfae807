/** Shared setup for exec end-to-end tests: mock server, CODEX_HOME with a mock provider, a git workspace. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CodexRunResult,
  MockModelServer,
  makeGitRepo,
  makeTempCodexHome,
  runCodex,
} from "@codex/test-support";

export type ExecEnv = {
  server: MockModelServer;
  codexHome: string;
  workspace: string;
  exec(
    args: string[],
    options?: { stdin?: string | Uint8Array; env?: Record<string, string>; cwd?: string; timeoutMs?: number },
  ): Promise<CodexRunResult>;
  close(): Promise<void>;
};

export type ExecEnvOptions = {
  wireApi?: "responses" | "chat";
  streamMaxRetries?: number;
  requestMaxRetries?: number;
  idleTimeoutMs?: number;
  /** Extra top-level TOML (before the provider table). */
  extraToml?: string;
  /** Provider table extras. */
  providerToml?: string;
  git?: boolean;
};

function mockConfigToml(baseUrl: string, options: ExecEnvOptions = {}): string {
  return [
    'model = "gpt-5-codex"',
    'model_provider = "mock"',
    options.extraToml ?? "",
    "[model_providers.mock]",
    'name = "mock"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    `wire_api = "${options.wireApi ?? "responses"}"`,
    `request_max_retries = ${options.requestMaxRetries ?? 0}`,
    `stream_max_retries = ${options.streamMaxRetries ?? 0}`,
    options.idleTimeoutMs !== undefined ? `stream_idle_timeout_ms = ${options.idleTimeoutMs}` : "",
    options.providerToml ?? "",
    "",
  ].join("\n");
}

export async function execEnv(options: ExecEnvOptions = {}): Promise<ExecEnv> {
  const server = await MockModelServer.start();
  const codexHome = makeTempCodexHome();
  const workspace = mkdtempSync(join(tmpdir(), "codex-exec-ws-"));
  if (options.git !== false) makeGitRepo(workspace);
  writeFileSync(join(codexHome, "config.toml"), mockConfigToml(server.baseUrl, options));
  return {
    server,
    codexHome,
    workspace,
    exec: (args, runOptions = {}) =>
      runCodex(["exec", ...args], {
        codexHome,
        cwd: runOptions.cwd ?? workspace,
        stdin: runOptions.stdin,
        env: runOptions.env,
        timeoutMs: runOptions.timeoutMs,
      }),
    close: () => server.close(),
  };
}

/**
 * What exec prints on stderr before reading stdin piped alongside a prompt argument (as 0.169
 * does). Test runs never have a terminal on stdin, so every run with a prompt prints it.
 */
export const STDIN_NOTICE = "Reading additional input from stdin...\n";

type Body = { input: Array<Record<string, unknown>>; [key: string]: unknown };
export function requestBody(env: ExecEnv, index: number): Body {
  return env.server.requests[index]?.body as Body;
}

export { jsonLines } from "@codex/test-support";
