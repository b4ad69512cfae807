/**
 * `codex exec`: one non-interactive turn. Reads the prompt, loads the config (approval policy forced
 * to `never`: nobody is there to answer), checks the directory, starts a session, submits the turn
 * and renders its events; exit code 1 when any error was reported.
 */
import { writeFile } from "node:fs/promises";
import type { Event, UserInput } from "@codex/protocol";
import type { EventProcessor } from "./event-processor.ts";
import { HumanOutput } from "./human-output.ts";
import { JsonlOutput } from "./jsonl-output.ts";
import type { ExecIo, ExecOptions } from "./options.ts";
import { isInsideGitRepo, loadOutputSchema, NOT_TRUSTED_MESSAGE } from "./preflight.ts";
import { ExecUsageError, resolvePrompt } from "./prompt.ts";

function processIo(): ExecIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

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

async function writeLastMessage(path: string, message: string | null, io: ExecIo): Promise<void> {
  if (message === null) io.stderr.write(`Warning: no last agent message; wrote empty content to ${path}\n`);
  try {
    await writeFile(path, message ?? "");
  } catch (error) {
    io.stderr.write(`Failed to write last message file ${path}: ${(error as Error).message}\n`);
  }
}

/** Runs `codex exec`; resolves with the process exit code. */
export async function runExec(options: ExecOptions): Promise<number> {
  const io = options.io ?? processIo();
  // A reader that stops early (`codex exec --json … | head -1`) closes stdout: stop quietly.
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  };
  io.stdout.on("error", onStdoutError);
  try {
    return await execTurn(options, io);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") return 0;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(error instanceof ExecUsageError ? `${message}\n` : `Error: ${message}\n`);
    return 1;
  }
}

async function execTurn(options: ExecOptions, io: ExecIo): Promise<number> {
  const prompt = await resolvePrompt(options.prompt, io, { appendPipedStdin: options.resume === undefined });
  const outputSchema = options.outputSchemaPath
    ? await loadOutputSchema(options.outputSchemaPath)
    : undefined;
  const core = await import("@codex/core");
  const loadOptions = options.config ?? {};
  const { config } = core.loadConfig({
    ...loadOptions,
    flags: { ...loadOptions.flags, approval_policy: "never" },
    onWarning: loadOptions.onWarning ?? ((message) => io.stderr.write(`${message}\n`)),
  });
  if (!options.skipGitRepoCheck && !isInsideGitRepo(config.cwd))
    throw new ExecUsageError(NOT_TRUSTED_MESSAGE);
  // forced_login_method / forced_chatgpt_workspace_id: refuse before any model request.
  const refused = core.enforceLoginRestrictions(config, { env: io.env, useCodexApiKeyEnv: true });
  if (refused !== null) throw new ExecUsageError(refused);

  const session = core.createSession(config, {
    originator: "codex_exec",
    useCodexApiKeyEnv: true,
    env: io.env,
    persist: { source: "exec" },
    resume: options.resume,
    onWarning: (message) => io.stderr.write(`${message}\n`),
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
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    void session.submit({ type: "interrupt" });
  };
  process.on("SIGINT", onSigint);
  // SIGTERM too: the turn is aborted and recorded (turn_aborted) in the rollout before exiting.
  process.on("SIGTERM", onSigint);
  const items: UserInput[] = [
    ...(options.images ?? []).map((path): UserInput => ({ type: "local_image", path })),
    { type: "text", text: prompt },
  ];
  await session.submit({
    type: "user_turn",
    items,
    ...(outputSchema !== undefined ? { final_output_json_schema: outputSchema } : {}),
  });

  let errorSeen = false;
  let lastAgentMessage: string | null = null;
  const endTurn = (event: Event): boolean => {
    const { msg } = event;
    if (msg.type === "error") errorSeen = true;
    if (msg.type === "turn_completed") lastAgentMessage = msg.last_agent_message;
    return msg.type === "turn_completed" || msg.type === "turn_failed" || msg.type === "turn_aborted";
  };
  try {
    for await (const event of session.events) {
      processor.handle(event);
      if (endTurn(event)) void session.close();
    }
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
  if (options.outputLastMessage) await writeLastMessage(options.outputLastMessage, lastAgentMessage, io);
  processor.finish(lastAgentMessage);
  return errorSeen ? 1 : 0;
}
