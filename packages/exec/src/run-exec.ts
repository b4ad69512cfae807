/**
 * `codex exec`: one non-interactive turn. Reads the prompt, loads the config (approval policy forced
 * to `never`: nobody is there to answer), checks the directory, starts a session, submits the turn
 * and renders its events. Exit codes as in Codex 0.169: 1 when any error was reported, the turn was
 * interrupted (Ctrl-C) or `-o` could not be written; SIGTERM aborts the turn (recorded in the
 * rollout) and then ends the process by that signal.
 */
import { writeFileSync } from "node:fs";
import type { Event, Op, ReviewTarget, UserInput } from "@codex/protocol";
import type { EventProcessor } from "./event-processor.ts";
import { HumanOutput } from "./human-output.ts";
import { JsonlOutput } from "./jsonl-output.ts";
import type { ExecIo, ExecOptions } from "./options.ts";
import { checkLastMessageFile, describeFsError, loadOutputSchema, NOT_TRUSTED_MESSAGE } from "./preflight.ts";
import { ExecUsageError, resolvePrompt } from "./prompt.ts";
import { processStreams } from "./std-streams.ts";

function useColor(options: ExecOptions, io: ExecIo): boolean {
  if (options.color === "always") return true;
  if (options.color === "never") return false;
  return io.stderr.isTTY === true && !io.env.NO_COLOR;
}

function sandboxSummary(policy: {
  mode: string;
  writable_roots?: string[];
  network_access?: boolean;
}): string {
  if (policy.mode !== "workspace-write") return policy.mode;
  const roots = ["workdir", ...(policy.writable_roots ?? [])].join(", ");
  return `workspace-write [${roots}]${policy.network_access ? " (network access enabled)" : ""}`;
}

/** Writes `-o FILE` after a completed turn; throws (exit 1) when the write fails. */
async function writeLastMessage(path: string, message: string | null, io: ExecIo): Promise<void> {
  if (message === null) io.stderr.write(`Warning: no last agent message; wrote empty content to ${path}\n`);
  try {
    writeFileSync(path, message ?? "");
  } catch (error) {
    throw new Error(`Failed to write last message file "${path}": ${describeFsError(error)}`);
  }
}

/** Lets `signal` end the process as it would have without a handler (writes are synchronous: all is out). */
function dieBySignal(signal: NodeJS.Signals): void {
  process.kill(process.pid, signal);
}

/** The op that starts the work: a user turn, or a review. */
function turnOp(args: {
  prompt: string | null;
  review: ReviewTarget | null;
  images: string[];
  outputSchema: unknown;
}): Op {
  if (args.review !== null) return { type: "review", review_request: { target: args.review } };
  const items: UserInput[] = [
    ...args.images.map((path): UserInput => ({ type: "local_image", path })),
    { type: "text", text: args.prompt ?? "" },
  ];
  return {
    type: "user_turn",
    items,
    ...(args.outputSchema !== undefined ? { final_output_json_schema: args.outputSchema } : {}),
  };
}

/** Runs `codex exec`; resolves with the process exit code. */
export async function runExec(options: ExecOptions): Promise<number> {
  const io = options.io ?? processStreams();
  try {
    return await execTurn(options, io);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") return 0;
    const message = error instanceof Error ? error.message : String(error);
    // A config error may bring its own report (the --strict-config one, as Codex 0.169 prints it).
    const report = (error as { report?: unknown }).report;
    if (typeof report === "string") io.stderr.write(`${report}\n`);
    else io.stderr.write(error instanceof ExecUsageError ? `${message}\n` : `Error: ${message}\n`);
    return 1;
  }
}

/** The review's target: the one given, else the prompt as custom instructions (read from stdin with `-`). */
async function reviewTarget(options: ExecOptions, io: ExecIo): Promise<ReviewTarget> {
  if (options.review?.target) return options.review.target;
  if (options.prompt === undefined)
    throw new ExecUsageError(
      "Error: Specify --uncommitted, --base, --commit, or provide custom review instructions",
    );
  const instructions = await resolvePrompt(options.prompt, io, { appendPipedStdin: false });
  return { type: "custom", instructions };
}

async function execTurn(options: ExecOptions, io: ExecIo): Promise<number> {
  const review = options.review ? await reviewTarget(options, io) : null;
  const prompt =
    review === null
      ? await resolvePrompt(options.prompt, io, {
          appendPipedStdin: options.resume === undefined && options.fork === undefined,
        })
      : null;
  const outputSchema = options.outputSchemaPath
    ? await loadOutputSchema(options.outputSchemaPath)
    : undefined;
  if (options.outputLastMessage) await checkLastMessageFile(options.outputLastMessage);
  const core = await import("@codex/core");
  const loadOptions = options.config ?? {};
  const { config } = core.loadConfig({
    ...loadOptions,
    flags: { ...loadOptions.flags, approval_policy: "never" },
    onWarning: loadOptions.onWarning ?? ((message) => io.stderr.write(`${message}\n`)),
  });
  if (!options.skipGitRepoCheck && !core.projectTrust(config).isGitRepo)
    throw new ExecUsageError(NOT_TRUSTED_MESSAGE);
  // forced_login_method / forced_chatgpt_workspace_id: refuse before any model request.
  const refused = core.enforceLoginRestrictions(config, { env: io.env, useCodexApiKeyEnv: true });
  if (refused !== null) throw new ExecUsageError(refused);

  const session = core.createSession(config, {
    originator: "codex_exec",
    useCodexApiKeyEnv: true,
    // exec shows commands when they finish (human and --json alike), never their output as it streams.
    commandOutputDeltas: false,
    env: io.env,
    persist: options.ephemeral ? undefined : { source: "exec" },
    resume:
      options.resume && "last" in options.resume
        ? { last: true, filter: options.resume.allDirectories ? {} : { cwd: config.cwd } }
        : options.resume,
    ...(options.fork ? { fork: options.fork } : {}),
    onWarning: (message) => io.stderr.write(`${message}\n`),
    ignoreRules: options.ignoreRules === true,
    bypassHookTrust: options.bypassHookTrust === true,
  });
  const processor: EventProcessor = options.json
    ? new JsonlOutput(io.stdout)
    : new HumanOutput({ stdout: io.stdout, stderr: io.stderr, color: useColor(options, io) });
  processor.start({
    prompt,
    summary: [
      ["workdir", config.cwd],
      ["model", config.model],
      ["provider", config.model_provider.id],
      ["approval", config.approval_policy],
      ["sandbox", sandboxSummary(config.sandbox_policy)],
      ...(config.model_reasoning_effort
        ? [["reasoning effort", config.model_reasoning_effort] as [string, string]]
        : []),
      ["reasoning summaries", config.model_reasoning_summary],
      ["session id", session.id],
    ],
  });

  // First Ctrl-C interrupts the turn (then exec shuts down cleanly); a second one exits at once.
  // SIGTERM too: the turn is aborted and recorded (turn_aborted) in the rollout before exiting.
  let stopSignal: NodeJS.Signals | null = null;
  const onStopSignal = (signal: NodeJS.Signals) => {
    if (stopSignal !== null) process.exit(130);
    stopSignal = signal;
    void session.submit({ type: "interrupt" });
  };
  process.on("SIGINT", onStopSignal);
  process.on("SIGTERM", onStopSignal);
  await session.submit(turnOp({ prompt, review, images: options.images ?? [], outputSchema }));

  let failed = false;
  let completed = false;
  let lastAgentMessage: string | null = null;
  const endTurn = (event: Event): boolean => {
    const { msg } = event;
    if (msg.type === "error" || msg.type === "turn_aborted") failed = true;
    if (msg.type === "turn_completed") {
      completed = true;
      lastAgentMessage = msg.last_agent_message;
    }
    return msg.type === "turn_completed" || msg.type === "turn_failed" || msg.type === "turn_aborted";
  };
  try {
    for await (const event of session.events) {
      processor.handle(event);
      if (endTurn(event)) void session.close();
    }
  } finally {
    process.off("SIGINT", onStopSignal);
    process.off("SIGTERM", onStopSignal);
  }
  // As in 0.169, `-o` is written only for a completed turn; a failed one leaves the file as it was.
  if (options.outputLastMessage && completed)
    await writeLastMessage(options.outputLastMessage, lastAgentMessage, io);
  processor.finish(lastAgentMessage);
  if (stopSignal === "SIGTERM") dieBySignal(stopSignal);
  return failed || stopSignal !== null ? 1 : 0;
}
