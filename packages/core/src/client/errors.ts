/**
 * How HTTP failures, broken streams and `response.failed` events become `ModelError`s, with the
 * messages the reference shows.
 */
import { ModelError } from "./types.ts";

const STREAM_ERROR_PREFIX = "stream disconnected before completion: ";
const CONTEXT_WINDOW_MESSAGE =
  "Codex ran out of room in the model's context window. Start a new conversation or clear earlier history before retrying.";
const QUOTA_EXCEEDED_MESSAGE = "Quota exceeded. Check your plan and billing details.";
const USAGE_LIMIT_MESSAGE = "You've hit your usage limit. Try again later.";
const USAGE_NOT_INCLUDED_MESSAGE =
  "To use Codex with your ChatGPT plan, upgrade to Plus: https://openai.com/chatgpt/pricing.";

/** The `error` object of an API error body or a `response.failed` event. */
export type ApiErrorBody = { message?: string; type?: string; code?: string; param?: string };

/** A retryable error for a stream that broke after the HTTP handshake succeeded. */
export function streamError(reason: string, options: { retryAfterMs?: number | null } = {}): ModelError {
  return new ModelError(`${STREAM_ERROR_PREFIX}${reason}`, {
    kind: "retryable",
    retryAfterMs: options.retryAfterMs ?? null,
  });
}

export function abortedError(): ModelError {
  return new ModelError("aborted", { kind: "aborted" });
}

/** Extracts `{error: {...}}` (or a bare error object) from a parsed body. */
export function errorBodyOf(body: unknown): ApiErrorBody | null {
  if (body === null || typeof body !== "object") return null;
  const raw = body as Record<string, unknown>;
  const inner =
    raw.error !== undefined && raw.error !== null && typeof raw.error === "object" ? raw.error : raw;
  const error = inner as Record<string, unknown>;
  const pick = (key: string) => (typeof error[key] === "string" ? (error[key] as string) : undefined);
  const result: ApiErrorBody = {
    message: pick("message"),
    type: pick("type"),
    code: pick("code"),
    param: pick("param"),
  };
  return result.message || result.type || result.code ? result : null;
}

/**
 * Delay requested by the server: `retry-after-ms` (milliseconds), then `Retry-After` (seconds or an
 * HTTP date).
 */
function retryAfterFromHeaders(headers: Headers | null | undefined): number | null {
  if (!headers) return null;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** "Please try again in 1.898s" / "Try again in 35 seconds" / "try again in 20ms". */
function retryAfterFromMessage(message: string | undefined): number | null {
  if (!message) return null;
  const match = /try again in\s*(\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(message);
  if (!match?.[1] || !match[2]) return null;
  const value = Number(match[1]);
  return match[2].toLowerCase() === "ms" ? Math.round(value) : Math.round(value * 1000);
}

function isContextWindow(error: ApiErrorBody | null): boolean {
  return error?.code === "context_length_exceeded" || error?.type === "context_length_exceeded";
}

function isQuotaExceeded(error: ApiErrorBody | null): boolean {
  return error?.code === "insufficient_quota" || error?.type === "insufficient_quota";
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function statusLabel(status: number): string {
  const text = STATUS_TEXT[status];
  return text ? `${status} ${text}` : String(status);
}

export type HttpFailure = {
  status: number;
  headers: Headers | null;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
};

/** What the messages about one request say besides the failure itself. */
export type FailureContext = {
  /** Who answered: "Mock Provider (http://127.0.0.1:8080/v1/responses)". */
  where: string;
  /** What to do after a 401. */
  authHint: string;
  /** What to do after a 404 that is not about the model (usually a wrong base_url). */
  notFoundHint?: string;
};

/**
 * What to do about a non-2xx answer: retry (429 without a quota problem, 5xx; `message` says what
 * happened, for when retries run out) or fail now.
 */
export type HttpVerdict =
  | { retry: true; retryAfterMs: number | null; message: string }
  | { retry: false; error: ModelError };

/** A server's message is quoted whole up to this length (an HTML error page is not). */
const MAX_SERVER_MESSAGE_CHARS = 500;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Text followed by a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

/** "500 Internal Server Error from Mock Provider (url): the server's message". */
function statusReport(status: number, context: FailureContext, serverMessage: string): string {
  const detail = serverMessage ? `: ${serverMessage}` : "";
  return `${statusLabel(status)} from ${context.where}${detail}`;
}

function isModelNotFound(error: ApiErrorBody | null): boolean {
  return (
    error?.code === "model_not_found" || /\bmodel\b.*\b(not found|does not exist)/i.test(error?.message ?? "")
  );
}

export function classifyHttpFailure(failure: HttpFailure, context: FailureContext): HttpVerdict {
  const { status } = failure;
  const error = errorBodyOf(failure.body);
  const serverMessage = truncate(
    (error?.message ?? (typeof failure.body === "string" ? failure.body : "")).trim(),
    MAX_SERVER_MESSAGE_CHARS,
  );
  const report = statusReport(status, context, serverMessage);
  if (status === 429) {
    if (error?.type === "usage_limit_reached") {
      return { retry: false, error: new ModelError(USAGE_LIMIT_MESSAGE, { kind: "usage_limit", status }) };
    }
    if (error?.type === "usage_not_included") {
      return {
        retry: false,
        error: new ModelError(USAGE_NOT_INCLUDED_MESSAGE, { kind: "usage_limit", status }),
      };
    }
    if (isQuotaExceeded(error)) {
      return { retry: false, error: new ModelError(QUOTA_EXCEEDED_MESSAGE, { kind: "usage_limit", status }) };
    }
    return {
      retry: true,
      retryAfterMs: retryAfterFromHeaders(failure.headers) ?? retryAfterFromMessage(error?.message),
      message: report,
    };
  }
  if (status >= 500)
    return { retry: true, retryAfterMs: retryAfterFromHeaders(failure.headers), message: report };
  if (isContextWindow(error)) {
    return {
      retry: false,
      error: new ModelError(CONTEXT_WINDOW_MESSAGE, { kind: "context_window_exceeded", status }),
    };
  }
  let hint = "";
  if (status === 401) hint = context.authHint;
  else if (status === 404 && isModelNotFound(error))
    hint = "Check the model name (`-m`, or `model` in config.toml).";
  else if (status === 404 && context.notFoundHint) hint = context.notFoundHint;
  const message = hint ? `unexpected status ${sentence(report)} ${hint}` : `unexpected status ${report}`;
  return {
    retry: false,
    error: new ModelError(message, { kind: status === 401 ? "unauthorized" : "fatal", status }),
  };
}

/**
 * The error once request retries are used up (the turn loop may still reconnect). `message` is the
 * last failure's report ("500 Internal Server Error from …: …" or "could not reach …: …").
 */
export function retriesExhaustedError(last: { status: number | null; message: string }): ModelError {
  const what = last.status !== null ? `last status: ${last.message}` : `last error: ${last.message}`;
  // A rate limit that outlasted the request retries ends the turn: reconnecting on top would
  // multiply the requests sent to a server that asked for fewer (Rust 0.169 does not retry a 429
  // at all; 0.47 retried it in the request, as we do).
  const kind = last.status === 429 ? "fatal" : "retryable";
  return new ModelError(`exceeded retry limit, ${what}`, { kind, status: last.status });
}

/** The notice for one reconnect, with why (as 0.169: "Reconnecting... 2/5 (unexpected status 503 …)"). */
export function reconnectingMessage(attempt: number, maxRetries: number, error: ModelError): string {
  return `Reconnecting... ${attempt}/${maxRetries} (${error.message})`;
}

/** Turns the `error` of a `response.failed` event into the error the stream ends with. */
export function responseFailedError(error: ApiErrorBody | null): ModelError {
  if (isContextWindow(error))
    return new ModelError(CONTEXT_WINDOW_MESSAGE, { kind: "context_window_exceeded" });
  if (isQuotaExceeded(error)) return new ModelError(QUOTA_EXCEEDED_MESSAGE, { kind: "usage_limit" });
  const retryAfterMs = error?.code === "rate_limit_exceeded" ? retryAfterFromMessage(error.message) : null;
  return streamError(error?.message ?? "response.failed event received", { retryAfterMs });
}
