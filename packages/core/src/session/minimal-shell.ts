/**
 * A stand-in `shell` tool used until the tools package's shell handler is registered: runs argv
 * only when the orchestrator chose no sandbox (policy danger-full-access); otherwise refuses, with
 * a message to the model, rather than running unsandboxed behind the policy's back.
 */
import { spawn } from "node:child_process";
import { isAbsolute, resolve } from "node:path";
import {
  parseFunctionArguments,
  type ToolCall,
  type ToolHandler,
  ToolInputError,
  type ToolRunContext,
} from "../tools/types.ts";

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Joins argv the way a POSIX shell would read it back (`bash -lc 'echo hi'`). */
export function shellJoin(argv: readonly string[]): string {
  return argv
    .map((arg) => (arg !== "" && SAFE_WORD.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`))
    .join(" ");
}

type ShellArgs = { command: string[]; workdir: string | null; timeoutMs: number };

function parseArgs(call: ToolCall): ShellArgs {
  if (call.payload.kind === "local_shell") {
    const { action } = call.payload;
    return {
      command: action.command,
      workdir: action.working_directory ?? null,
      timeoutMs: action.timeout_ms ?? 10_000,
    };
  }
  const args = parseFunctionArguments(call);
  const command = args.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === "string"))
    throw new ToolInputError(
      "failed to parse function arguments: command must be a non-empty array of strings",
    );
  return {
    command,
    workdir: typeof args.workdir === "string" ? args.workdir : null,
    timeoutMs: typeof args.timeout_ms === "number" ? args.timeout_ms : 10_000,
  };
}

function run(
  args: ShellArgs,
  cwd: string,
  signal: AbortSignal,
): Promise<{ code: number; output: string; ms: number }> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(args.command[0] as string, args.command.slice(1), {
      cwd,
      signal,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), args.timeoutMs);
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const finish = (code: number) => {
      clearTimeout(timer);
      done({ code, output, ms: performance.now() - started });
    };
    child.on("error", (error) => {
      output += error.message;
      finish(127);
    });
    child.on("close", (code) => finish(code ?? 1));
  });
}

export function minimalShellHandler(): ToolHandler {
  return {
    spec: {
      type: "function",
      name: "shell",
      description: "Runs a command (an argument vector) and returns its output.",
      strict: false,
      parameters: {
        type: "object",
        properties: {
          command: { type: "array", items: { type: "string" }, description: "The command and its arguments" },
          workdir: { type: "string", description: "Working directory for the command" },
          timeout_ms: { type: "number", description: "Timeout in milliseconds" },
        },
        required: ["command"],
        additionalProperties: false,
      },
    },
    aliases: ["container.exec", "local_shell"],
    async run(call: ToolCall, ctx: ToolRunContext) {
      const args = parseArgs(call);
      if (ctx.sandbox.type !== "none")
        return {
          output: `command not run: the ${ctx.sandbox.policy.mode} sandbox is not available in this build, and commands run only under danger-full-access`,
          success: false,
        };
      const id = ctx.nextItemId();
      const command = shellJoin(args.command);
      ctx.emit({
        type: "item_started",
        item: { id, type: "command_execution", command, aggregated_output: "", status: "in_progress" },
      });
      const cwd = args.workdir
        ? isAbsolute(args.workdir)
          ? args.workdir
          : resolve(ctx.cwd, args.workdir)
        : ctx.cwd;
      const result = await run(args, cwd, ctx.signal);
      const status = result.code === 0 ? "completed" : "failed";
      ctx.emit({
        type: "item_completed",
        item: {
          id,
          type: "command_execution",
          command,
          aggregated_output: result.output,
          exit_code: result.code,
          status,
        },
      });
      const seconds = (result.ms / 1000).toFixed(1);
      return {
        output: `Exit code: ${result.code}\nWall time: ${seconds} seconds\nOutput:\n${result.output}`,
        success: result.code === 0,
      };
    },
  };
}
