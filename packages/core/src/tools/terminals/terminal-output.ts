/**
 * The text `exec_command` and `write_stdin` return to the model, in Codex 0.169's layout:
 *
 *   Chunk ID: 8d9d74
 *   Wall time: 2.0008 seconds
 *   Process running with session ID 86851      (or: Process exited with code 0)
 *   Original token count: 3
 *   Output:
 *   <output>
 *
 * Tokens are estimated as bytes / 4 (rounded up). Output over `max_output_tokens` keeps its first
 * and last halves of the byte budget, cut on character boundaries, around "…N tokens truncated…",
 * after a warning line and the total line count.
 */
import { takeBytesAtCharBoundary, takeLastBytesAtCharBoundary } from "../exec/format.ts";
import { type CapturedOutput, concatBytes, countNewlines } from "../exec/output-capture.ts";

export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;
const BYTES_PER_TOKEN = 4;
const NEWLINE = 0x0a;
const decoder = new TextDecoder();

export type TerminalStatus = { type: "running"; sessionId: number } | { type: "exited"; exitCode: number };

function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / BYTES_PER_TOKEN);
}

function lineCount(output: CapturedOutput, totalBytes: number): number {
  const newlines = countNewlines(output.head) + output.omittedNewlines + countNewlines(output.tail);
  const last =
    output.tail.length > 0 ? output.tail[output.tail.length - 1] : output.head[output.head.length - 1];
  return newlines + (totalBytes > 0 && last !== NEWLINE ? 1 : 0);
}

/** The output as the model sees it: whole, or truncated to `maxTokens` with a notice. */
function truncateForModel(output: CapturedOutput, maxTokens: number): { text: string; tokens: number } {
  const totalBytes = output.head.length + output.omittedBytes + output.tail.length;
  const tokens = estimateTokens(totalBytes);
  if (tokens <= maxTokens && output.omittedBytes === 0)
    return { text: decoder.decode(concatBytes([output.head, output.tail])), tokens };
  const budget = Math.max(0, maxTokens) * BYTES_PER_TOKEN;
  const headBudget = Math.floor(budget / 2);
  const whole = output.omittedBytes === 0 ? concatBytes([output.head, output.tail]) : null;
  const head = takeBytesAtCharBoundary(whole ?? output.head, headBudget);
  const tail = takeLastBytesAtCharBoundary(whole ?? output.tail, budget - headBudget);
  const text = [
    `Warning: truncated output (original token count: ${tokens})\n`,
    `Total output lines: ${lineCount(output, totalBytes)}\n\n`,
    decoder.decode(head),
    `…${Math.max(0, tokens - maxTokens)} tokens truncated…`,
    decoder.decode(tail),
  ].join("");
  return { text, tokens };
}

export function formatTerminalResponse(options: {
  output: CapturedOutput;
  wallMs: number;
  status: TerminalStatus;
  maxOutputTokens: number;
}): string {
  const { text, tokens } = truncateForModel(options.output, options.maxOutputTokens);
  const status =
    options.status.type === "running"
      ? `Process running with session ID ${options.status.sessionId}`
      : `Process exited with code ${options.status.exitCode}`;
  return [
    `Chunk ID: ${Buffer.from(crypto.getRandomValues(new Uint8Array(3))).toString("hex")}`,
    `Wall time: ${(options.wallMs / 1000).toFixed(4)} seconds`,
    status,
    `Original token count: ${tokens}`,
    `Output:\n${text}`,
  ].join("\n");
}
