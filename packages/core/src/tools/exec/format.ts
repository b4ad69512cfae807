/**
 * What the model sees of a command's output. Limits as Codex 0.47: 10 KiB and 256 lines; when
 * either is exceeded the output becomes
 *   "Total output lines: M\n\n" + head (128 lines, at most 5 KiB) +
 *   "\n[... omitted N of M lines ...]\n\n" + tail (the last 128 lines, within the 10 KiB budget).
 * Works on a bounded `CapturedOutput`, with totals that count the omitted middle.
 */
import { type CapturedOutput, captureFromText, concatBytes, countNewlines } from "./output-capture.ts";

export const MODEL_FORMAT_MAX_BYTES = 10 * 1024;
const MODEL_FORMAT_MAX_LINES = 256;
const MODEL_FORMAT_HEAD_LINES = MODEL_FORMAT_MAX_LINES / 2;
const MODEL_FORMAT_TAIL_LINES = MODEL_FORMAT_MAX_LINES - MODEL_FORMAT_HEAD_LINES;
const MODEL_FORMAT_HEAD_BYTES = MODEL_FORMAT_MAX_BYTES / 2;

const NEWLINE = 0x0a;
const decoder = new TextDecoder();

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** The longest prefix of at most `max` bytes that ends on a UTF-8 character boundary. */
export function takeBytesAtCharBoundary(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let cut = max;
  while (cut > 0 && isContinuation(bytes[cut])) cut--;
  return bytes.subarray(0, cut);
}

/** The longest suffix of at most `max` bytes that starts on a UTF-8 character boundary. */
export function takeLastBytesAtCharBoundary(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let start = bytes.length - max;
  while (start < bytes.length && isContinuation(bytes[start])) start++;
  return bytes.subarray(start);
}

/** Index just after the `n`-th newline (1-based) in `bytes`, or -1 when there are fewer. */
function afterNthNewline(bytes: Uint8Array, n: number): number {
  let from = 0;
  for (let i = 0; i < n; i++) {
    const at = bytes.indexOf(NEWLINE, from);
    if (at === -1) return -1;
    from = at + 1;
  }
  return from;
}

/** The capture as text for people (the item's `aggregated_output`); a gap is marked. */
export function capturedText(capture: CapturedOutput): string {
  if (capture.omittedBytes === 0) return decoder.decode(concatBytes([capture.head, capture.tail]));
  return `${decoder.decode(capture.head)}\n[... ${capture.omittedBytes} bytes omitted ...]\n${decoder.decode(capture.tail)}`;
}

/** Formats captured output for the model with Codex's head+tail truncation. */
export function formatOutputForModel(input: CapturedOutput): string {
  // Without a gap, work on one contiguous buffer.
  const capture: CapturedOutput =
    input.omittedBytes === 0
      ? {
          head: concatBytes([input.head, input.tail]),
          tail: new Uint8Array(0),
          omittedBytes: 0,
          omittedNewlines: 0,
        }
      : input;
  const { head, tail, omittedBytes, omittedNewlines } = capture;
  const totalBytes = head.length + omittedBytes + tail.length;
  const headNewlines = countNewlines(head);
  const newlines = headNewlines + omittedNewlines + countNewlines(tail);
  const lastByte = tail.length > 0 ? tail[tail.length - 1] : head[head.length - 1];
  const totalLines = newlines + (totalBytes > 0 && lastByte !== NEWLINE ? 1 : 0);
  if (totalBytes <= MODEL_FORMAT_MAX_BYTES && totalLines <= MODEL_FORMAT_MAX_LINES)
    return decoder.decode(head);

  const headTake = Math.min(MODEL_FORMAT_HEAD_LINES, totalLines);
  const tailTake = Math.min(MODEL_FORMAT_TAIL_LINES, totalLines - headTake);
  const omitted = totalLines - headTake - tailTake;

  // Head slice: the first `headTake` lines. When it extends past the kept head, the kept head
  // (at least MODEL_FORMAT_MAX_BYTES long whenever there is a gap) covers the byte budget.
  const headEnd = afterNthNewline(head, headTake);
  const headSlice = headEnd === -1 ? head : head.subarray(0, headEnd);

  const marker = `\n[... omitted ${omitted} of ${totalLines} lines ...]\n\n`;
  const markerBytes = Buffer.byteLength(marker);
  let headBudget = Math.min(MODEL_FORMAT_HEAD_BYTES, MODEL_FORMAT_MAX_BYTES);
  const tailBudget = Math.max(0, MODEL_FORMAT_MAX_BYTES - (headBudget + markerBytes));
  if (tailBudget === 0 && markerBytes >= MODEL_FORMAT_MAX_BYTES)
    return decoder.decode(takeBytesAtCharBoundary(new TextEncoder().encode(marker), MODEL_FORMAT_MAX_BYTES));
  if (tailBudget === 0) headBudget = Math.max(0, MODEL_FORMAT_MAX_BYTES - markerBytes);

  const headPart = takeBytesAtCharBoundary(headSlice, headBudget);
  let result = decoder.decode(headPart) + marker;
  const remaining = MODEL_FORMAT_MAX_BYTES - (headPart.length + markerBytes);
  if (remaining <= 0 || tailTake === 0) return `Total output lines: ${totalLines}\n\n${result}`;

  // Tail slice: everything after the (totalLines - tailTake)-th newline.
  const startNewline = totalLines - tailTake;
  let tailSlice: Uint8Array;
  if (omittedBytes === 0) {
    tailSlice = head.subarray(afterNthNewline(head, startNewline));
  } else if (startNewline <= headNewlines + omittedNewlines) {
    // Starts in the kept head or in the gap: its end is the kept tail (longer than the budget).
    tailSlice = tail;
  } else {
    tailSlice = tail.subarray(afterNthNewline(tail, startNewline - headNewlines - omittedNewlines));
  }
  result += decoder.decode(takeLastBytesAtCharBoundary(tailSlice, remaining));
  return `Total output lines: ${totalLines}\n\n${result}`;
}

/** Truncates an arbitrary text (an error message, a tool's output) like command output. */
export function truncateTextForModel(text: string): string {
  return formatOutputForModel(captureFromText(text));
}

export type ExecResultSummary = {
  /** The model-formatted output (already truncated). */
  output: string;
  exitCode: number;
  durationMs: number;
};

/** Seconds rounded to one decimal, as Codex reports `duration_seconds`. */
function durationSeconds(durationMs: number): number {
  return Math.round(durationMs / 100) / 10;
}

/** `{"output":…,"metadata":{"exit_code":…,"duration_seconds":…}}` */
export function formatExecJson(summary: ExecResultSummary): string {
  return JSON.stringify({
    output: summary.output,
    metadata: { exit_code: summary.exitCode, duration_seconds: durationSeconds(summary.durationMs) },
  });
}

/**
 * The text form used when the freeform apply_patch tool is offered:
 * `Exit code: N\nWall time: S seconds\n[Total output lines: M\n]Output:\n…`
 */
export function formatExecText(summary: ExecResultSummary): string {
  const sections = [
    `Exit code: ${summary.exitCode}`,
    `Wall time: ${durationSeconds(summary.durationMs)} seconds`,
  ];
  let output = summary.output;
  const header = /^Total output lines: (\d+)\n/.exec(output);
  if (header) {
    sections.push(`Total output lines: ${header[1]}`);
    output = output.slice(header[0].length);
    if (output.startsWith("\n")) output = output.slice(1);
  }
  sections.push("Output:", output);
  return sections.join("\n");
}

/** Picks the form: text when the freeform (custom) apply_patch tool is offered, else JSON. */
export function formatExecResult(summary: ExecResultSummary, options: { textForm: boolean }): string {
  return options.textForm ? formatExecText(summary) : formatExecJson(summary);
}
