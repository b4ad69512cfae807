/**
 * Runs one command hook: `$SHELL -lc COMMAND` (as 0.169) in the session's directory, the event as
 * JSON on stdin. Hooks are the user's own programs and run as the user, outside the sandbox, but
 * without Codex's credentials in their environment. A hook that outlives its timeout is killed
 * with its whole process group; what it prints is capped.
 */
import type { ChildProcess } from "node:child_process";

/** `node:child_process`, loaded on first use: importing it costs every start (docs/performance.md). */
const childProcess = () => process.getBuiltinModule("node:child_process");

/** Most bytes kept of a hook's stdout and of its stderr. */
const OUTPUT_LIMIT = 1024 * 1024;

export type HookRunResult = {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the hook could not run or was killed (e.g. `hook timed out after 5s`). */
  error: string | null;
};

export type RunHookOptions = {
  command: string;
  input: string;
  cwd: string;
  timeoutSec: number;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
};

export function runHookCommand(options: RunHookOptions): Promise<HookRunResult> {
  const shell = options.env.SHELL || "/bin/sh";
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = childProcess().spawn(shell, ["-lc", options.command], {
        cwd: options.cwd,
        env: options.env,
        stdio: ["pipe", "pipe", "pipe"],
        // Its own process group, so a timeout ends whatever the hook started too.
        detached: true,
      });
    } catch (error) {
      resolve({ exitCode: null, stdout: "", stderr: "", error: (error as Error).message });
      return;
    }
    const stdout = capped();
    const stderr = capped();
    child.stdout?.on("data", stdout.add);
    child.stderr?.on("data", stderr.add);
    let error: string | null = null;
    const kill = (reason: string) => {
      error ??= reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const timer = setTimeout(
      () => kill(`hook timed out after ${options.timeoutSec}s`),
      options.timeoutSec * 1000,
    );
    const onAbort = () => kill("hook interrupted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (err) => {
      error ??= err.message;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({
        exitCode: error === null ? code : null,
        stdout: stdout.text(),
        stderr: stderr.text(),
        error,
      });
    });
    // A hook that does not read its stdin must not fail the run (EPIPE).
    child.stdin?.on("error", () => {});
    // write() then end(): Bun's end(data) leaves the pipe open.
    child.stdin?.write(options.input);
    child.stdin?.end();
  });
}

function capped() {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add: (chunk: Buffer) => {
      if (size >= OUTPUT_LIMIT) return;
      chunks.push(chunk.subarray(0, OUTPUT_LIMIT - size));
      size += chunk.length;
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}

/** The environment hooks get: the user's, minus the credentials Codex itself holds. */
export function hookEnvironment(
  env: Record<string, string | undefined>,
  credentialVars: readonly string[],
): Record<string, string | undefined> {
  const out = { ...env };
  for (const name of ["OPENAI_API_KEY", "CODEX_API_KEY", ...credentialVars]) delete out[name];
  return out;
}
