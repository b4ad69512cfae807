/**
 * The request-level retry policy (`request_max_retries`): 429/5xx/transport failures are retried
 * after `Retry-After` or `200ms · 2^(n−1) · jitter(0.9–1.1)`; other failures end at once.
 */
import { abortedError, retriesExhaustedError } from "./errors.ts";
import type { ModelError } from "./types.ts";

const BASE_DELAY_MS = 200;

/** Backoff before retry `attempt` (1-based). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const jitter = 0.9 + random() * 0.2;
  return Math.round(BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1) * jitter);
}

/** Waits `ms`, resolving early (to false) when `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      resolve(false);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** What a failed attempt means. */
export type AttemptFailure =
  | { retry: true; retryAfterMs: number | null; status: number | null; message: string }
  | { retry: false; error: ModelError };

export type RequestRetryOptions = {
  maxRetries: number;
  signal: AbortSignal;
  classify: (error: unknown) => AttemptFailure;
  /** Called before each wait (for logs and tests). */
  onRetry?: (info: { attempt: number; delayMs: number; status: number | null }) => void;
  random?: () => number;
};

/** Runs `attempt` until it succeeds, fails fatally, or `maxRetries` retries are used up. */
export async function withRequestRetries<T>(
  attempt: () => Promise<T>,
  options: RequestRetryOptions,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    if (options.signal.aborted) throw abortedError();
    try {
      return await attempt();
    } catch (error) {
      if (options.signal.aborted) throw abortedError();
      const failure = options.classify(error);
      if (!failure.retry) throw failure.error;
      if (retry >= options.maxRetries) throw retriesExhaustedError(failure);
      const delayMs = failure.retryAfterMs ?? backoffMs(retry + 1, options.random);
      options.onRetry?.({ attempt: retry + 1, delayMs, status: failure.status });
      if (!(await abortableSleep(delayMs, options.signal))) throw abortedError();
    }
  }
}
