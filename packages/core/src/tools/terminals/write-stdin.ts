/**
 * `write_stdin`: types into a background terminal started by `exec_command` and returns the output
 * since the last read, or just waits for more when `chars` is empty (a poll, which waits at least
 * five seconds so that polling does not burn turns). Messages for an unknown session and for a
 * session without a terminal are Codex 0.169's.
 */
import {
  parseFunctionArguments,
  type ToolCall,
  type ToolHandler,
  ToolInputError,
  type ToolResult,
  type ToolRunContext,
} from "../types.ts";
import { clampYield, maxTokensOf } from "./exec-command.ts";
import { formatTerminalResponse } from "./terminal-output.ts";
import { collectOutput } from "./terminal-process.ts";
import type { TerminalSessions } from "./terminal-sessions.ts";
import { WRITE_STDIN_SPEC } from "./terminal-specs.ts";

const DEFAULT_WRITE_YIELD_TIME_MS = 250;
const MIN_EMPTY_POLL_MS = 5_000;
/** The longest empty poll unless `background_terminal_max_timeout` says otherwise. */
const DEFAULT_MAX_EMPTY_POLL_MS = 300_000;

type WriteStdinArgs = { sessionId: number; chars: string; yieldTimeMs: number; maxOutputTokens: number };

function parseArgs(call: ToolCall, maxEmptyPollMs: number): WriteStdinArgs {
  const args = parseFunctionArguments(call);
  const { session_id, chars, yield_time_ms, max_output_tokens } = args;
  if (session_id === undefined)
    throw new ToolInputError("failed to parse function arguments: missing field `session_id`");
  if (typeof session_id !== "number" || !Number.isInteger(session_id))
    throw new ToolInputError("failed to parse function arguments: `session_id` must be an integer");
  if (chars !== undefined && chars !== null && typeof chars !== "string")
    throw new ToolInputError("failed to parse function arguments: `chars` must be a string");
  for (const [key, value] of [
    ["yield_time_ms", yield_time_ms],
    ["max_output_tokens", max_output_tokens],
  ] as const)
    if (value !== undefined && value !== null && typeof value !== "number")
      throw new ToolInputError(`failed to parse function arguments: \`${key}\` must be a number`);
  const text = typeof chars === "string" ? chars : "";
  const asked = typeof yield_time_ms === "number" ? yield_time_ms : undefined;
  const yieldTimeMs =
    text === ""
      ? Math.min(maxEmptyPollMs, Math.max(MIN_EMPTY_POLL_MS, Math.floor(asked ?? MIN_EMPTY_POLL_MS)))
      : clampYield(asked, DEFAULT_WRITE_YIELD_TIME_MS);
  return {
    sessionId: session_id,
    chars: text,
    yieldTimeMs,
    maxOutputTokens: maxTokensOf(typeof max_output_tokens === "number" ? max_output_tokens : undefined),
  };
}

async function run(sessions: TerminalSessions, call: ToolCall, ctx: ToolRunContext): Promise<ToolResult> {
  const configured = ctx.config.background_terminal_max_timeout ?? DEFAULT_MAX_EMPTY_POLL_MS;
  const args = parseArgs(call, Math.max(MIN_EMPTY_POLL_MS, configured));
  const entry = sessions.get(args.sessionId);
  if (!entry) return { output: `write_stdin failed: Unknown process id ${args.sessionId}`, success: false };
  if (args.chars !== "" && !entry.tty)
    return {
      output:
        "write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open",
      success: false,
    };
  if (args.chars !== "") entry.process.write(args.chars);
  const started = performance.now();
  const { output, exit } = await collectOutput(entry.process, args.yieldTimeMs, ctx.signal);
  if (exit !== null) sessions.remove(entry.id);
  const text = formatTerminalResponse({
    output,
    wallMs: performance.now() - started,
    status: exit ? { type: "exited", exitCode: exit.exitCode } : { type: "running", sessionId: entry.id },
    maxOutputTokens: args.maxOutputTokens,
  });
  return { output: text, success: true };
}

export function createWriteStdinHandler(sessions: TerminalSessions): ToolHandler {
  return { spec: WRITE_STDIN_SPEC, run: (call, ctx) => run(sessions, call, ctx) };
}
