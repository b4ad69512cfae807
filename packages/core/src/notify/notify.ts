/**
 * The `notify` hook: after each turn, run the user's program with one JSON argument describing the
 * turn, as Codex CLI does. Fire-and-forget: the turn never waits for it, a program that cannot be
 * started or exits non-zero is reported as a warning, and the child is always reaped (no zombies)
 * without keeping our process alive.
 */
import type { ChildProcess } from "node:child_process";

/** `node:child_process`, loaded on first use: importing it costs every start (docs/performance.md). */
const childProcess = () => process.getBuiltinModule("node:child_process");

export type AgentTurnCompleteNotification = {
  type: "agent-turn-complete";
  "thread-id": string;
  "turn-id": string;
  /** The user's messages that started the turn. */
  "input-messages": string[];
  "last-assistant-message": string | null;
};

export function agentTurnComplete(turn: {
  threadId: string;
  turnId: string;
  inputMessages: string[];
  lastAssistantMessage: string | null;
}): AgentTurnCompleteNotification {
  return {
    type: "agent-turn-complete",
    "thread-id": turn.threadId,
    "turn-id": turn.turnId,
    "input-messages": turn.inputMessages,
    "last-assistant-message": turn.lastAssistantMessage,
  };
}

export type NotifyOptions = {
  /** Called with a one-line message when the program cannot run or fails. */
  onWarning?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the notifier if it runs longer than this (default 60 s); it is still reaped. */
  timeoutMs?: number;
};

/**
 * Starts `argv[0] argv[1..] <json>` and returns at once. The returned promise (which callers may
 * ignore) settles when the program has exited, with its exit code (null when it could not start).
 */
export function runNotifier(
  argv: readonly string[] | null | undefined,
  notification: AgentTurnCompleteNotification,
  options: NotifyOptions = {},
): Promise<number | null> {
  const [program, ...args] = argv ?? [];
  if (!program) return Promise.resolve(null);
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  return new Promise((resolvePromise) => {
    let settled = false;
    const resolve = (code: number | null) => {
      if (settled) return;
      settled = true;
      resolvePromise(code);
    };
    let child: ChildProcess;
    try {
      child = childProcess().spawn(program, [...args, JSON.stringify(notification)], {
        stdio: "ignore",
        env: options.env ?? process.env,
        cwd: options.cwd,
      });
    } catch (error) {
      warn(`notify program ${program} could not be started: ${(error as Error).message}`);
      resolve(null);
      return;
    }
    const timer = setTimeout(() => {
      warn(`notify program ${program} ran longer than ${options.timeoutMs ?? 60_000} ms and was stopped`);
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 60_000);
    timer.unref();
    child.unref();
    child.once("error", (error) => {
      clearTimeout(timer);
      if (!settled) warn(`notify program ${program} could not be started: ${error.message}`);
      resolve(null);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && !settled) {
        warn(`notify program ${program} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`);
      }
      resolve(code);
    });
  });
}

/**
 * After a completed turn: runs `notify` (when configured) with the turn's JSON. Never throws,
 * never waits; `inputs` are the turn's user inputs (text items become "input-messages").
 */
export function notifyTurnComplete(args: {
  notify: readonly string[] | null;
  threadId: string;
  turnId: string;
  inputs: ReadonlyArray<{ type: string; text?: string }>;
  lastAssistantMessage: string | null;
  onWarning?: (message: string) => void;
}): void {
  if (!args.notify || args.notify.length === 0) return;
  const inputMessages = args.inputs.flatMap((input) =>
    input.type === "text" && typeof input.text === "string" ? [input.text] : [],
  );
  const payload = agentTurnComplete({
    threadId: args.threadId,
    turnId: args.turnId,
    inputMessages,
    lastAssistantMessage: args.lastAssistantMessage,
  });
  void runNotifier(args.notify, payload, args.onWarning ? { onWarning: args.onWarning } : {});
}
