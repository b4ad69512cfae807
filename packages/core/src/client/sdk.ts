/**
 * The official `openai` SDK, loaded on the first model request (never at start-up), configured so
 * that our retry policy is the only one (`maxRetries: 0`), it reads no credentials or URLs from the
 * environment, logs nothing, and sends our headers in place of its own.
 */
import type OpenAI from "openai";
import type { ProviderConfig } from "../config/types.ts";
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
import { ModelError } from "./types.ts";

export type OpenAIModule = typeof import("openai");

let loading: Promise<OpenAIModule> | null = null;

function loadOpenAI(): Promise<OpenAIModule> {
  loading ??= import("openai");
  return loading;
}

/** The SDK's own telemetry headers, removed (null deletes a header in the SDK). */
const SDK_HEADER_REMOVALS: Record<string, null> = {
  "X-Stainless-Lang": null,
  "X-Stainless-Package-Version": null,
  "X-Stainless-OS": null,
  "X-Stainless-Arch": null,
  "X-Stainless-Runtime": null,
  "X-Stainless-Runtime-Version": null,
  "X-Stainless-Retry-Count": null,
  "X-Stainless-Timeout": null,
};

async function createSdkClient(
  endpoint: Endpoint,
  options: { timeoutMs: number; fetch?: typeof fetch },
): Promise<{ sdk: OpenAIModule; client: OpenAI }> {
  const sdk = await loadOpenAI();
  const client = new sdk.OpenAI({
    // The SDK insists on a key; without a bearer the Authorization header is removed below.
    apiKey: endpoint.bearer ?? "unused",
    baseURL: endpoint.baseUrl,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: "off",
    defaultQuery: Object.keys(endpoint.query).length > 0 ? endpoint.query : undefined,
    defaultHeaders: {
      ...SDK_HEADER_REMOVALS,
      ...(endpoint.bearer === null ? { Authorization: null } : {}),
      ...endpoint.headers,
    },
    // Event streams pass through a filter that bounds the memory one huge value can take.
    fetch: boundedSseFetch(options.fetch ?? ((input, init) => fetch(input, init))),
  });
  return { sdk, client };
}

/**
 * Classifies an error thrown while opening a request to `path` (before the stream starts): HTTP
 * statuses by `classifyHttpFailure`, transport failures retried (a refused local server fails at
 * once), every message naming the provider and URL.
 */
export function classifyOpenError(
  sdk: OpenAIModule,
  error: unknown,
  target: { endpoint: Endpoint; path: string },
): AttemptFailure {
  const { endpoint, path } = target;
  if (error instanceof ModelError) return { retry: false, error };
  // Our own fetch wrapper (ChatGPT sign-in) fails with a ModelError, which the SDK wraps.
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof sdk.APIConnectionError && cause instanceof ModelError)
    return cause.kind === "retryable"
      ? { retry: true, retryAfterMs: null, status: null, message: cause.message }
      : { retry: false, error: cause };
  if (error instanceof sdk.APIUserAbortError) {
    return { retry: false, error: new ModelError("aborted", { kind: "aborted" }) };
  }
  const where = describeRequestTarget(endpoint.provider, path);
  if (error instanceof sdk.APIError && typeof error.status === "number") {
    const body =
      error.error !== undefined && error.error !== null
        ? { error: error.error }
        : error.message.replace(/^\d{3} (status code \(no body\))?/, "");
    const verdict = classifyHttpFailure(
      { status: error.status, headers: error.headers ?? null, body },
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

export type SdkConnection = { sdk: OpenAIModule; client: OpenAI; endpoint: Endpoint };

/**
 * Resolves the endpoint and builds the SDK client on first use, then reuses them. A failed set-up
 * (e.g. a missing key) is attempted again on the next call.
 */
export function lazyConnection(
  provider: ProviderConfig,
  options: ModelClientOptions,
): () => Promise<SdkConnection> {
  let connection: Promise<SdkConnection> | null = null;
  return () => {
    if (connection === null) {
      const pending = (async () => {
        const endpoint = resolveEndpoint(provider, options);
        const { sdk, client } = await createSdkClient(endpoint, {
          timeoutMs: provider.stream_idle_timeout_ms,
          fetch: endpoint.chatgpt ? chatgptFetch(endpoint.chatgpt, options.fetch) : options.fetch,
        });
        return { sdk, client, endpoint };
      })();
      pending.catch(() => {
        if (connection === pending) connection = null;
      });
      connection = pending;
    }
    return connection;
  };
}
