/**
 * Shared setup of the sandbox red-team tests: `dist/codex exec` against the mock model server with
 * one Linux tier forced (`[sandbox] linux_backend`), workspace-write with only the workspace
 * writable (no /tmp, no $TMPDIR), a workspace that is a repository with `.git` and `.codex`, and an
 * outside directory the model must not reach. The scripted model is the attacker.
 */
import { afterEach } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeSandbox } from "@codex/sandbox";
import {
  type CodexRunResult,
  completed,
  functionCall,
  MockModelServer,
  makeTempCodexHome,
  type ResponsesEvent,
  repoRoot,
  responsesStream,
  runCodex,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";

export type LinuxTier = "bwrap" | "landlock";

const facts = probeSandbox({ platform: process.platform }).facts;
/** The Linux tiers this host can run (none elsewhere). */
export const LINUX_TIERS: LinuxTier[] = [
  ...(facts?.bwrap?.ok && facts.seccomp ? (["bwrap"] as const) : []),
  ...(facts && facts.landlockAbi >= 1 && facts.seccomp ? (["landlock"] as const) : []),
];

export const SANDBOX_FIXTURES = join(repoRoot, "packages/sandbox/test/fixtures");
/** The system Python (a version manager's shim may not work under the tests' temporary HOME). */
export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
export const HAS_PYTHON = existsSync("/usr/bin/python3") || Bun.which("python3") !== null;

export type EscapeEnv = {
  tier: LinuxTier;
  server: MockModelServer;
  codexHome: string;
  /** The session's working directory: a repository with `.git`, `.codex` and `src/`. */
  ws: string;
  /** A directory beside the workspace that no sandboxed write may reach. */
  outside: string;
};

export type EscapeOptions = {
  /** Extra `sandbox_workspace_write.writable_roots` (created empty). */
  writableRoots?: string[];
};

/** Registers cleanup in the calling test file; returns a function that starts a fresh env. */
export function escapeSetup(): (
  tier: LinuxTier,
  options?: EscapeOptions,
) => Promise<EscapeEnv & { base: string }> {
  const started: Array<{ server: MockModelServer; dirs: string[] }> = [];
  afterEach(async () => {
    for (const { server, dirs } of started.splice(0)) {
      await server.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
  return async (tier, options = {}) => {
    const server = await MockModelServer.start();
    const codexHome = makeTempCodexHome();
    const base = realpathSync(mkdtempSync(join(tmpdir(), "codex-escape-")));
    const ws = join(base, "ws");
    const outside = join(base, "outside");
    for (const dir of [join(ws, ".git", "hooks"), join(ws, ".codex"), join(ws, "src"), outside])
      mkdirSync(dir, { recursive: true });
    writeFileSync(join(ws, ".git", "config"), "[core]\n\trepositoryformatversion = 0\n");
    writeFileSync(join(ws, ".git", "HEAD"), "ref: refs/heads/main\n");
    writeFileSync(join(ws, ".codex", "config.toml"), "# project config\n");
    writeFileSync(join(ws, "README.md"), "readme\n");
    const roots = (options.writableRoots ?? []).map((name) => join(base, name));
    for (const root of roots) mkdirSync(root, { recursive: true });
    writeMockProviderConfig(codexHome, {
      baseUrl: server.baseUrl,
      extraToml: [
        "[sandbox]",
        `linux_backend = "${tier}"`,
        "[sandbox_workspace_write]",
        "exclude_slash_tmp = true",
        "exclude_tmpdir_env_var = true",
        `writable_roots = ${JSON.stringify(roots)}`,
      ].join("\n"),
    });
    started.push({ server, dirs: [base, codexHome] });
    return { tier, server, codexHome, ws, outside, base };
  };
}

/** A `shell` call running `script` with `bash -c` (plus extra arguments such as `workdir`). */
export function shellCall(
  script: string,
  callId: string,
  extra: Record<string, unknown> = {},
): ResponsesEvent[] {
  return functionCall("shell", { command: ["bash", "-c", script], ...extra }, callId);
}

/** Scripts the model: one response per entry (its tool calls), then a closing message. */
export function scriptModel(env: EscapeEnv, turns: ResponsesEvent[][]): void {
  for (const calls of turns) env.server.enqueue(responsesStream([...calls, completed()]));
  env.server.enqueue(responsesStream([textResponse("done"), completed()]));
}

/** One `codex exec --json` turn, workspace-write, in the workspace. */
export function execTurn(env: EscapeEnv, options: { timeoutMs?: number } = {}): Promise<CodexRunResult> {
  return runCodex(["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", "go"], {
    codexHome: env.codexHome,
    cwd: env.ws,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}
