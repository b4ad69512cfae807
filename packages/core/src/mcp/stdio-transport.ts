/**
 * The stdio transport for the MCP SDK's `Client`, written here (rather than the SDK's) to:
 * - start the server in its own process group and register it with the child reaper;
 * - pass only a safe environment (a few basics, the names in `env_vars`, then `env`), never the
 *   user's secrets;
 * - keep the tail of the server's stderr and its exit status, to explain failures;
 * - say "command not found" plainly;
 * - never keep this process alive by itself (pipes and child are unref'd: a session that ends
 *   without `shutdown()` still exits, and the reaper stops the server).
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { signalChild, trackChild, untrackChild } from "./child-reaper.ts";

const STDERR_TAIL_BYTES = 4096;
const DEFAULT_ENV_VARS =
  process.platform === "win32"
    ? ["PATH", "PATHEXT", "SYSTEMROOT", "APPDATA", "LOCALAPPDATA", "USERPROFILE", "TEMP", "TMP", "USERNAME"]
    : ["HOME", "LOGNAME", "PATH", "SHELL", "USER", "LANG", "LC_ALL", "TERM", "TMPDIR", "TZ"];

export type StdioServerOptions = {
  command: string;
  args: string[];
  env: Record<string, string>;
  envVars: string[];
  cwd: string;
};

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

function serverEnvironment(options: {
  env: Record<string, string>;
  envVars: string[];
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...DEFAULT_ENV_VARS, ...options.envVars]) {
    const value = process.env[name];
    if (value !== undefined && !value.startsWith("()")) out[name] = value;
  }
  return { ...out, ...options.env };
}

export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | null = null;
  private buffer = "";
  private stderrTail = "";
  private exit: ExitInfo | null = null;
  private closed = false;
  /** The last line on stdout that was not JSON (a common misconfiguration: logging to stdout). */
  lastNoise: string | null = null;

  constructor(private readonly options: StdioServerOptions) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The end of what the server wrote to stderr, trimmed. */
  stderr(): string {
    return this.stderrTail.trim();
  }

  exitInfo(): ExitInfo | null {
    return this.exit;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, this.options.args, {
        cwd: this.options.cwd,
        env: serverEnvironment(this.options),
        stdio: ["pipe", "pipe", "pipe"],
        detached: process.platform !== "win32",
        windowsHide: true,
      });
      this.child = child;
      child.once("error", (error: NodeJS.ErrnoException) => {
        if (child.pid === undefined) reject(error);
        else this.onerror?.(error);
      });
      child.once("spawn", () => {
        if (child.pid !== undefined) trackChild(child.pid);
        resolve();
      });
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        if (child.pid !== undefined) {
          // Whatever the server started in its group goes with it.
          signalChild(child.pid, "SIGTERM");
          untrackChild(child.pid);
        }
      });
      child.once("close", () => {
        if (this.closed) return;
        this.closed = true;
        this.onclose?.();
      });
      child.stdout?.setEncoding("utf8");
      child.stdout?.on("data", (chunk: string) => this.onStdout(chunk));
      child.stderr?.setEncoding("utf8");
      child.stderr?.on("data", (chunk: string) => {
        this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
      });
      child.stdin?.on("error", (error) => this.onerror?.(error));
      child.unref();
      for (const stream of [child.stdin, child.stdout, child.stderr]) {
        (stream as unknown as { unref?: () => void } | null)?.unref?.();
      }
    });
  }

  private onStdout(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf("\n");
      if (line.trim() === "") continue;
      let message: JSONRPCMessage;
      try {
        message = JSON.parse(line) as JSONRPCMessage;
      } catch {
        this.lastNoise = line.slice(0, 200);
        continue;
      }
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || this.exit) {
        reject(new Error("the server is not running"));
        return;
      }
      if (stdin.write(`${JSON.stringify(message)}\n`)) resolve();
      else stdin.once("drain", () => resolve());
    });
  }

  /** Stops the server: close its stdin, then SIGTERM its group, then SIGKILL. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined) return;
    const pid = child.pid;
    if (!this.exit) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      // Unref'd: a pending grace timer must not keep the process alive after the server is gone.
      const wait = (ms: number) =>
        Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
      try {
        child.stdin?.end();
      } catch {
        // ignore
      }
      await wait(100);
      if (!this.exit) {
        signalChild(pid, "SIGTERM");
        await wait(500);
      }
      if (!this.exit) signalChild(pid, "SIGKILL");
    }
    untrackChild(pid);
    if (!this.closed) {
      this.closed = true;
      this.onclose?.();
    }
  }
}
