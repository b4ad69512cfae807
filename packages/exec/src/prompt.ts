/**
 * Where the prompt comes from, as in Codex 0.169: the argument, with anything piped on stdin
 * appended as a `<stdin>` block (a new session only; `exec resume` takes the argument alone); or
 * stdin alone when the argument is absent or `-`. A terminal on stdin is never read.
 */
import type { ExecIo } from "./options.ts";
import { decodeStdinBytes, StdinDecodeError } from "./stdin-decode.ts";

export class ExecUsageError extends Error {
  override name = "ExecUsageError";
}

async function readStdin(stdin: ExecIo["stdin"]): Promise<string> {
  try {
    return decodeStdinBytes(Buffer.from(await stdin.readAll()));
  } catch (error) {
    const reason = error instanceof StdinDecodeError ? error.message : (error as Error).message;
    throw new ExecUsageError(`Failed to read prompt from stdin: ${reason}`);
  }
}

/** The argument followed by the piped text, in the form Codex 0.169 sends to the model. */
function withStdinBlock(prompt: string, piped: string): string {
  return `${prompt}\n\n<stdin>\n${piped}${piped.endsWith("\n") ? "" : "\n"}</stdin>`;
}

/**
 * Resolves the prompt text; throws ExecUsageError with the message to print (exit 1).
 * `appendPipedStdin`: whether stdin piped alongside a prompt argument is appended to it.
 */
export async function resolvePrompt(
  arg: string | undefined,
  io: ExecIo,
  options: { appendPipedStdin: boolean },
): Promise<string> {
  if (arg !== undefined && arg !== "-") {
    const piped = io.stdin.isTTY || !options.appendPipedStdin ? "" : await readAdditionalInput(io);
    if (piped.trim() !== "") return withStdinBlock(arg, piped);
    if (arg.trim() === "") throw new ExecUsageError("No prompt provided. The prompt argument is empty.");
    return arg;
  }
  const forced = arg === "-";
  if (io.stdin.isTTY && !forced)
    throw new ExecUsageError(
      "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.",
    );
  if (!forced) io.stderr.write("Reading prompt from stdin...\n");
  const text = await readStdin(io.stdin);
  if (text.trim() === "") throw new ExecUsageError("No prompt provided via stdin.");
  return text;
}

async function readAdditionalInput(io: ExecIo): Promise<string> {
  io.stderr.write("Reading additional input from stdin...\n");
  return readStdin(io.stdin);
}
