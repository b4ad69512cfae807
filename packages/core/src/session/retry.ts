/** Stream retries: "Reconnecting... n/N (why)" notices with exponential backoff, as the reference does. */
import { reconnectingMessage } from "../client/errors.ts";
import { ModelError } from "../client/types.ts";

/** Exponential backoff with ±10% jitter: base × 2^(attempt−1). */
function backoffMs(attempt: number, baseMs: number): number {
  const jitter = 0.9 + Math.random() * 0.2;
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 1) * jitter);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export type RetryOptions = {
  maxRetries: number;
  baseDelayMs: number;
  signal: AbortSignal;
  onRetry: (message: string) => void;
};

/** Runs `attempt` until it succeeds, retrying retryable model errors up to `maxRetries` times. */
export async function withStreamRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let retries = 0; ; retries++) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = error instanceof ModelError && error.kind === "retryable";
      if (!retryable || retries >= options.maxRetries || options.signal.aborted) throw error;
      const n = retries + 1;
      options.onRetry(reconnectingMessage(n, options.maxRetries, error));
      await sleep(error.retryAfterMs ?? backoffMs(n, options.baseDelayMs), options.signal);
      if (options.signal.aborted) throw error;
    }
  }
}
