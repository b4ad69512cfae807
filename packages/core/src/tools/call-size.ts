/**
 * How much one tool call may carry. A model that writes megabytes into one call (a runaway
 * generation, or a prompt injection) would otherwise have them kept in memory, resent with every
 * later request and written to the session file. Over the limit the call is not run: its payload
 * is replaced by an empty stand-in everywhere it is kept, and the model is told why, so that it can
 * split the work. Real calls are far below the limit (a model's whole response is a few hundred
 * kilobytes at most).
 */
import type { ResponseItem } from "@codex/protocol";
import { omittedStringBytes } from "../client/bounded-sse.ts";

/** The most a call's arguments (or a custom tool's input) may hold, in UTF-8 bytes. */
const MAX_TOOL_CALL_INPUT_BYTES = 1024 * 1024;

export type BoundedToolCall = {
  /** The call as it is kept: unchanged, or with its payload replaced when over the limit. */
  item: ResponseItem;
  /** Set when the call must not run: what the model and the user are told. */
  refusal: { output: string; warning: string } | null;
};

function stringBytes(value: string): number {
  return omittedStringBytes(value) ?? Buffer.byteLength(value, "utf8");
}

function payloadBytes(item: ResponseItem): number {
  switch (item.type) {
    case "function_call":
      return stringBytes(item.arguments);
    case "custom_tool_call":
      return stringBytes(item.input);
    case "local_shell_call":
      return item.action.command.reduce((sum, arg) => sum + stringBytes(arg), 0);
    default:
      return 0;
  }
}

function withoutPayload(item: ResponseItem): ResponseItem {
  switch (item.type) {
    case "function_call":
      return { ...item, arguments: "{}" };
    case "custom_tool_call":
      return { ...item, input: "" };
    case "local_shell_call":
      return { ...item, action: { ...item.action, command: [] } };
    default:
      return item;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function callName(item: ResponseItem): string {
  return item.type === "function_call" || item.type === "custom_tool_call" ? item.name : "local_shell";
}

/** Checks a tool call item against the limit. */
export function boundToolCall(item: ResponseItem): BoundedToolCall {
  const bytes = payloadBytes(item);
  if (bytes <= MAX_TOOL_CALL_INPUT_BYTES) return { item, refusal: null };
  const size = `${megabytes(bytes)}, over the ${megabytes(MAX_TOOL_CALL_INPUT_BYTES)} limit`;
  return {
    item: withoutPayload(item),
    refusal: {
      output: `This call was not run: its input is ${size} for one tool call, and it was not kept. Make smaller calls (for example, write a large file in several parts).`,
      warning: `The model's ${callName(item)} call was not run: its input is ${size}. The model was told.`,
    },
  };
}
