/**
 * Runs one command for a tool call: environment from `shell_environment_policy`, spawn shaped by
 * the sandbox choice, a `command_execution` item (started → output deltas → completed), and the
 * model-facing output (timeout notice + head/tail truncation).
 */
import { statSync } from "node:fs";
import type { SandboxChoice, ToolContext } from "../types.ts";
import { createChildEnv } from "./env.ts";
import { capturedText, formatOutputForModel } from "./format.ts";
import { prependText } from "./output-capture.ts";
import { prepareToolSpawn } from "./prepare-tool-spawn.ts";
import { shellJoin } from "./shell-join.ts";
import { spawnCommand } from "./spawn.ts";

/** Deltas streamed per call; output beyond this still counts, it is just not streamed. */
const MAX_OUTPUT_DELTAS = 10_000;

export type ExecRunRequest = {
  argv: readonly string[];
  cwd: string;
  timeoutMs: number;
  sandbox: SandboxChoice;
};

export type ExecRunResult =
  | { type: "refused"; message: string }
  | {
      type: "ran";
      exitCode: number;
      timedOut: boolean;
      aborted: boolean;
      durationMs: number;
      /** Truncated for the model, timeout notice included. */
      modelOutput: string;
      /** What the item shows (bounded). */
      aggregatedOutput: string;
      sandboxed: boolean;
    };

export async function runExecCommand(request: ExecRunRequest, ctx: ToolContext): Promise<ExecRunResult> {
  if (!statSync(request.cwd, { throwIfNoEntry: false })?.isDirectory())
    return { type: "refused", message: `command not run: working directory ${request.cwd} does not exist` };
  const env = createChildEnv(ctx.shellEnvironmentPolicy, process.env);
  const prepared = await prepareToolSpawn(ctx, {
    sandbox: request.sandbox,
    argv: request.argv,
    cwd: request.cwd,
    env,
  });
  if (prepared.type === "refused") return { type: "refused", message: prepared.message };

  const id = ctx.nextItemId();
  const command = shellJoin(request.argv);
  ctx.emit({
    type: "item_started",
    item: { id, type: "command_execution", command, aggregated_output: "", status: "in_progress" },
  });
  let deltas = 0;
  const outcome = await spawnCommand({
    program: prepared.spawn.program,
    args: prepared.spawn.args,
    cwd: request.cwd,
    env: prepared.spawn.env,
    ...(prepared.spawn.fd3Input ? { fd3Input: prepared.spawn.fd3Input } : {}),
    ...(prepared.spawn.extraFds ? { extraFds: prepared.spawn.extraFds } : {}),
    ...(prepared.spawn.release ? { release: prepared.spawn.release } : {}),
    ownsProcessTree: prepared.spawn.ownsProcessTree,
    timeoutMs: request.timeoutMs,
    signal: ctx.signal,
    // Without deltas the chunks are not even decoded: in a turn of 100 commands x 200 KB that
    // was 20 MB of strings no one read, ~2 MiB of `codex exec`'s peak RSS (issue 19).
    ...(ctx.outputDeltas === false
      ? {}
      : {
          onOutput: (stream: "stdout" | "stderr", chunk: string) => {
            if (deltas++ < MAX_OUTPUT_DELTAS)
              ctx.emit({ type: "command_output_delta", item_id: id, stream, chunk });
          },
        }),
  });

  let captured = outcome.output;
  if (outcome.spawnError !== null)
    captured = prependText(captured, `failed to start \`${request.argv[0]}\`: ${outcome.spawnError}\n`);
  if (outcome.timedOut)
    captured = prependText(captured, `command timed out after ${request.timeoutMs} milliseconds\n`);
  const aggregatedOutput = capturedText(captured);
  ctx.emit({
    type: "item_completed",
    item: {
      id,
      type: "command_execution",
      command,
      aggregated_output: aggregatedOutput,
      exit_code: outcome.exitCode,
      status: outcome.exitCode === 0 ? "completed" : "failed",
    },
  });
  return {
    type: "ran",
    exitCode: outcome.exitCode,
    timedOut: outcome.timedOut,
    aborted: outcome.aborted,
    durationMs: outcome.durationMs,
    modelOutput: [formatOutputForModel(captured), ...prepared.networkNotes()].join("\n"),
    aggregatedOutput,
    sandboxed: request.sandbox.type === "sandboxed",
  };
}
