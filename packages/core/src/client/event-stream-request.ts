/**
 * One streaming POST to a provider (`<base_url>/responses` or `/chat/completions`) and the
 * classification of its failures. Written on `fetch` directly: the official `openai` SDK cost
 * ~15 ms and ~14 MiB of every `codex exec` (loading 900 KB of JavaScript) for what is a POST and an
 * event-stream reader here. Our retry policy is the only one, no credential or URL is read from the
 * environment, and only our headers are sent.
 */
import type { ProviderConfig } from "../config/types.ts";
import { garbageMade } from "../memory/collect-soon.ts";
import { boundedSseFetch } from "./bounded-sse.ts";
import { chatgptFetch } from "./chatgpt-fetch.ts";
import { describeTransportError, localServerDownError } from "./connection-errors.ts";
import { classifyHttpFailure } from "./errors.ts";
import {
  describeRequestTarget,
  type Endpoint,
  type ModelClientOptions,
  resolveEndpoint,
} from "./provider-endpoint.ts";
import type { AttemptFailure } from "./request-retry.ts";
import { readSseJson } from "./sse-reader.ts";
import { ModelError } from "./types.ts";

type Json = Record<string, unknown>;

/** Most of an error answer's body kept for its message (an HTML error page can be large). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A non-2xx answer: its status, headers (Retry-After) and body (parsed JSON, else text). */
class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

/** No answer (headers) within the provider's timeout. */
class RequestTimeoutError extends Error {
  constructor() {
    super("request timed out");
  }
}

export type Connection = { endpoint: Endpoint; fetch: typeof fetch; timeoutMs: number };

/** The first `MAX_ERROR_BODY_BYTES` of a body; the rest is not read. */
async function bodyHead(response: Response): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES);
}

async function errorBody(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = new TextDecoder().decode(await bodyHead(response));
  } catch {
    return "";
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends `body` to `path` under the endpoint's base URL and query; resolves with the stream's JSON
 * values once a 2xx answer's headers arrive. Throws `HttpStatusError` for other statuses,
 * `RequestTimeoutError` when no answer comes within the timeout, and transport errors as they are.
 */
export async function openEventStream(
  connection: Connection,
  request: { path: string; body: unknown; headers: Record<string, string>; signal: AbortSignal },
): Promise<AsyncIterable<Json>> {
  const { endpoint } = connection;
  const url = new URL(`${endpoint.baseUrl}${request.path}`);
  for (const [name, value] of Object.entries(endpoint.query)) url.searchParams.set(name, value);
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/json",
    ...(endpoint.bearer === null ? {} : { Authorization: `Bearer ${endpoint.bearer}` }),
    ...endpoint.headers,
    ...request.headers,
  };
  const body = JSON.stringify(request.body);
  const timeout = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    timeout.abort();
  }, connection.timeoutMs);
  let response: Response;
  try {
    response = await connection.fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.any([request.signal, timeout.signal]),
    });
    // The body (resending the whole history) and its UTF-8 copy are garbage once sent, and the
    // model has yet to answer: in a long session, a collection now costs the turn nothing.
    garbageMade(body.length * 2, { idle: true });
  } catch (error) {
    if (timedOut && !request.signal.aborted) throw new RequestTimeoutError();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new HttpStatusError(response.status, response.headers, await errorBody(response));
  return readSseJson(response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }));
}

/**
 * Classifies an error thrown while opening a request to `path` (before the stream starts): HTTP
 * statuses by `classifyHttpFailure`, transport failures retried (a refused local server fails at
 * once), every message naming the provider and URL.
 */
export function classifyOpenError(
  error: unknown,
  target: { endpoint: Endpoint; path: string },
): AttemptFailure {
  const { endpoint, path } = target;
  // Our own fetch wrapper (ChatGPT sign-in) fails with a ModelError saying what to do; an
  // aborted request never gets here (the retry loop sees the signal first).
  if (error instanceof ModelError) {
    return error.kind === "retryable"
      ? { retry: true, retryAfterMs: null, status: null, message: error.message }
      : { retry: false, error };
  }
  const where = describeRequestTarget(endpoint.provider, path);
  if (error instanceof HttpStatusError) {
    const verdict = classifyHttpFailure(
      { status: error.status, headers: error.headers, body: error.body },
      { where, authHint: endpoint.authHint, notFoundHint: endpoint.notFoundHint },
    );
    if (!verdict.retry) return verdict;
    return {
      retry: true,
      retryAfterMs: verdict.retryAfterMs,
      status: error.status,
      message: verdict.message,
    };
  }
  const localServerDown = localServerDownError(error, endpoint.provider, path);
  if (localServerDown !== null) return { retry: false, error: localServerDown };
  const message = `could not reach ${where}: ${describeTransportError(error)}`;
  return { retry: true, retryAfterMs: null, status: null, message };
}

/**
 * Resolves the endpoint on first use, then reuses it. A failed set-up (e.g. a missing key) is
 * attempted again on the next call.
 */
export function lazyConnection(provider: ProviderConfig, options: ModelClientOptions): () => Connection {
  let connection: Connection | null = null;
  return () => {
    if (connection === null) {
      const endpoint = resolveEndpoint(provider, options);
      // Global fetch looked up per call, so a replaced one (tests, proxies) is used.
      const base = options.fetch ?? (((input, init) => fetch(input, init)) as typeof fetch);
      connection = {
        endpoint,
        // Event streams pass through a filter that bounds the memory one huge value can take.
        fetch: boundedSseFetch(endpoint.chatgpt ? chatgptFetch(endpoint.chatgpt, base) : base),
        timeoutMs: provider.stream_idle_timeout_ms,
      };
    }
    return connection;
  };
}
