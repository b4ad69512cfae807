/**
 * Runs the built `dist/codex` for end-to-end tests, with a temporary CODEX_HOME and a clean
 * environment (only PATH, SHELL, LANG, TMPDIR and a temporary HOME are inherited).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { repoRoot } from "./golden.ts";

/** `dist/codex` in the repository (override with `CODEX_BINARY`). */
export function codexBinaryPath(): string {
  return process.env.CODEX_BINARY ?? resolve(repoRoot, "dist/codex");
}

export type RunCodexOptions = {
  /** The executable to run instead of `codexBinaryPath()` (e.g. an installed `codex`). */
  binary?: string;
  /** Added to the clean environment (after CODEX_HOME and HOME, so they can be overridden). */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to stdin (text as UTF-8, or raw bytes), then stdin is closed. Without it stdin is empty. */
  stdin?: string | Uint8Array;
  /** Kill the process (SIGKILL) after this long; default 30000. */
  timeoutMs?: number;
  /** Reuse a CODEX_HOME (e.g. for resume); a new temporary one otherwise. */
  codexHome?: string;
};

export type CodexRunResult = {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  codexHome: string;
  timedOut: boolean;
};

/** A fresh temporary directory to use as CODEX_HOME. */
export function makeTempCodexHome(): string {
  return mkdtempSync(join(tmpdir(), "codex-home-"));
}

/**
 * Writes `config.toml` into `codexHome` pointing at a mock server as provider `mock` (selected as
 * `model_provider`). `extraToml` is appended verbatim.
 */
export function writeMockProviderConfig(
  codexHome: string,
  options: {
    baseUrl: string;
    wireApi?: "responses" | "chat";
    model?: string;
    extraToml?: string;
    /** Reconnects of a broken stream (default 0: a broken stream fails the turn at once). */
    streamMaxRetries?: number;
  },
): void {
  const lines = [
    `model = ${JSON.stringify(options.model ?? "gpt-5-codex")}`,
    `model_provider = "mock"`,
    options.extraToml ?? "",
    "",
    "[model_providers.mock]",
    `name = "mock"`,
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    `wire_api = ${JSON.stringify(options.wireApi ?? "responses")}`,
    "request_max_retries = 0",
    `stream_max_retries = ${options.streamMaxRetries ?? 0}`,
    "",
  ];
  writeFileSync(join(codexHome, "config.toml"), lines.join("\n"));
}

function cleanEnv(codexHome: string, extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "SHELL", "LANG", "LC_ALL", "TMPDIR"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.CODEX_HOME = codexHome;
  env.HOME = mkdtempSync(join(tmpdir(), "codex-test-home-"));
  return { ...env, ...extra };
}

export type CodexProcess = {
  process: Subprocess<"pipe", "pipe", "pipe">;
  codexHome: string;
  /** Stdout, one line at a time, as it arrives. */
  lines(): AsyncIterable<string>;
  /** Resolves with the first match of `pattern` in stderr so far or to come (rejects if it exits first). */
  waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>;
  writeStdin(text: string): void;
  closeStdin(): void;
  kill(signal?: NodeJS.Signals): void;
  /** Waits for exit (killing after `timeoutMs`) and returns everything printed. */
  wait(): Promise<CodexRunResult>;
};

/**
 * Spawns `dist/codex` (or `options.binary`) with piped stdio, for tests that read output while it
 * runs (interrupts).
 */
export function spawnCodex(args: string[], options: RunCodexOptions = {}): CodexProcess {
  const codexHome = options.codexHome ?? makeTempCodexHome();
  const child = Bun.spawn([options.binary ?? codexBinaryPath(), ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: cleanEnv(codexHome, options.env),
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  let stdout = "";
  let pendingLine = "";
  const lineQueue: string[] = [];
  const waker: { wake: (() => void) | null } = { wake: null };
  let stdoutDone = false;

  const stdoutPump = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      const text = decoder.decode(chunk, { stream: true });
      stdout += text;
      pendingLine += text;
      const parts = pendingLine.split("\n");
      pendingLine = parts.pop() ?? "";
      lineQueue.push(...parts);
      waker.wake?.();
    }
    if (pendingLine !== "") lineQueue.push(pendingLine);
    stdoutDone = true;
    waker.wake?.();
  })();
  let stderrSoFar = "";
  let stderrDone = false;
  const stderrWaiters = new Set<() => void>();
  const stderrPromise = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      stderrSoFar += decoder.decode(chunk, { stream: true });
      for (const wake of stderrWaiters) wake();
    }
    stderrDone = true;
    for (const wake of stderrWaiters) wake();
    return stderrSoFar;
  })();

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 30_000);

  if (options.stdin !== undefined) {
    child.stdin.write(options.stdin);
    child.stdin.end();
  }

  return {
    process: child,
    codexHome,
    async *lines() {
      while (true) {
        const line = lineQueue.shift();
        if (line !== undefined) {
          yield line;
          continue;
        }
        if (stdoutDone) return;
        await new Promise<void>((resolve) => {
          waker.wake = resolve;
        });
        waker.wake = null;
      }
    },
    waitForStderr(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = stderrSoFar.match(pattern);
          if (match) {
            stderrWaiters.delete(check);
            resolve(match);
          } else if (stderrDone) {
            stderrWaiters.delete(check);
            reject(new Error(`codex exited without printing ${pattern} on stderr:\n${stderrSoFar}`));
          }
        };
        stderrWaiters.add(check);
        check();
      });
    },
    writeStdin(text) {
      child.stdin.write(text);
      child.stdin.flush();
    },
    closeStdin() {
      child.stdin.end();
    },
    kill(signal = "SIGTERM") {
      child.kill(signal);
    },
    async wait() {
      const code = await child.exited;
      clearTimeout(timer);
      await stdoutPump;
      const stderr = await stderrPromise;
      return {
        code: child.signalCode ? null : code,
        signal: child.signalCode === null ? null : String(child.signalCode),
        stdout,
        stderr,
        codexHome,
        timedOut,
      };
    },
  };
}

/** Runs `dist/codex args…` to completion and returns exit code, stdout and stderr. */
export async function runCodex(args: string[], options: RunCodexOptions = {}): Promise<CodexRunResult> {
  const child = spawnCodex(args, options);
  if (options.stdin === undefined) child.closeStdin();
  return child.wait();
}
