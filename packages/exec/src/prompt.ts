/** Where the prompt comes from: the argument, or stdin when the argument is absent or `-`. */
import type { ExecIo } from "./options.ts";

export class ExecUsageError extends Error {
  override name = "ExecUsageError";
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Resolves the prompt text; throws ExecUsageError with the message to print (exit 1). */
export async function resolvePrompt(arg: string | undefined, io: ExecIo): Promise<string> {
  if (arg !== undefined && arg !== "-") {
    if (arg.trim() === "") throw new ExecUsageError("No prompt provided. The prompt argument is empty.");
    return arg;
  }
  const forced = arg === "-";
  if (io.stdin.isTTY && !forced)
    throw new ExecUsageError(
      "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.",
    );
  if (!forced) io.stderr.write("Reading prompt from stdin...\n");
  const text = await readAll(io.stdin);
  if (text.trim() === "") throw new ExecUsageError("No prompt provided via stdin.");
  return text;
}
