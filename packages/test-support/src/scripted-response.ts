/**
 * What the mock model server answers to one request: a stream of SSE frames that ends cleanly, is
 * cut, or stalls; an HTTP error; or nothing at all.
 */
import { type ChatChunk, formatChatChunk } from "./chat-chunks.ts";
import { formatResponsesEvent, type ResponsesEvent, responseCreated } from "./responses-events.ts";

/**
 * How a stream ends after its frames: `end` finishes the HTTP body normally (a stream without
 * `response.completed` then looks "closed before completion"), `destroy` resets the socket mid-body
 * (a transport error), `hang` keeps the connection open and silent (for idle timeouts).
 */
export type StreamEnd = "end" | "destroy" | "hang";

export type ScriptedResponse =
  | {
      kind: "stream";
      status: number;
      headers: Record<string, string>;
      frames: string[];
      end: StreamEnd;
      /** Pause before each frame, in milliseconds. */
      delayMs: number;
    }
  | { kind: "http_error"; status: number; headers: Record<string, string>; body: string }
  /** Read the request, then never answer (not even headers) until the server closes. */
  | { kind: "no_response" };

export type StreamOptions = {
  end?: StreamEnd;
  delayMs?: number;
  headers?: Record<string, string>;
};

type Parts<T> = Array<T | T[]>;

const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };

/**
 * A Responses API stream. `response.created` is prepended when the first event is not one (set
 * `created: false` to leave it out).
 */
export function responsesStream(
  parts: Parts<ResponsesEvent>,
  options: StreamOptions & { created?: boolean } = {},
): ScriptedResponse {
  const events = parts.flat();
  if (options.created !== false && events[0]?.type !== "response.created") events.unshift(responseCreated());
  return rawStream(events.map(formatResponsesEvent), options);
}

/**
 * A Responses stream cut before `response.completed`: the body ends cleanly (`abrupt: false`, the
 * default) or the socket is reset (`abrupt: true`).
 */
export function droppedStream(
  parts: Parts<ResponsesEvent> = [],
  options: { abrupt?: boolean; delayMs?: number } = {},
): ScriptedResponse {
  return responsesStream(parts, { end: options.abrupt ? "destroy" : "end", delayMs: options.delayMs });
}

/** Sends `parts` (default: just `response.created`), then goes silent with the connection open. */
export function stalledStream(
  parts: Parts<ResponsesEvent> = [],
  options: { delayMs?: number } = {},
): ScriptedResponse {
  return responsesStream(parts, { end: "hang", delayMs: options.delayMs });
}

/** Accepts the request and never sends headers. */
export function noResponse(): ScriptedResponse {
  return { kind: "no_response" };
}

/**
 * An HTTP error. An object body is sent as JSON; `retryAfter` sets the `Retry-After` header
 * (seconds) and `retryAfterMs` the `retry-after-ms` header.
 */
export function httpError(
  status: number,
  body: unknown = { error: { message: `mock error ${status}` } },
  options: { headers?: Record<string, string>; retryAfter?: number; retryAfterMs?: number } = {},
): ScriptedResponse {
  const headers: Record<string, string> = {};
  const text = typeof body === "string" ? body : JSON.stringify(body);
  headers["content-type"] = typeof body === "string" ? "text/plain" : "application/json";
  if (options.retryAfter !== undefined) headers["retry-after"] = String(options.retryAfter);
  if (options.retryAfterMs !== undefined) headers["retry-after-ms"] = String(options.retryAfterMs);
  return { kind: "http_error", status, headers: { ...headers, ...options.headers }, body: text };
}

/** A Chat Completions stream; `data: [DONE]` is appended unless `done: false`. */
export function chatStream(
  parts: Parts<ChatChunk>,
  options: StreamOptions & { done?: boolean } = {},
): ScriptedResponse {
  const frames = parts.flat().map((chunk) => formatChatChunk(chunk));
  if (options.done !== false) frames.push(formatChatChunk("[DONE]"));
  return rawStream(frames, options);
}

/** Raw SSE text frames, for malformed-stream tests. */
export function rawStream(frames: string[], options: StreamOptions = {}): ScriptedResponse {
  return {
    kind: "stream",
    status: 200,
    headers: { ...SSE_HEADERS, ...options.headers },
    frames,
    end: options.end ?? "end",
    delayMs: options.delayMs ?? 0,
  };
}
