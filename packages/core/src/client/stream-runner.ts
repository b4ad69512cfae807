/**
 * One model call, shared by both wire APIs: open the request with request-level retries, then
 * read the stream under the idle timeout, turning every way it can break into a `ModelError`.
 */
import { abortedError, streamError } from "./errors.ts";
import { IdleTimeoutError, withIdleTimeout } from "./idle-timeout.ts";
import { type AttemptFailure, withRequestRetries } from "./request-retry.ts";
import { ModelError, type ModelStreamEvent } from "./types.ts";

export type StreamRun<TRaw> = {
  /** Sends the request; resolves with the event stream once a 2xx answer's headers arrive. */
  open: (signal: AbortSignal) => Promise<AsyncIterable<TRaw>>;
  classifyOpenError: (error: unknown) => AttemptFailure;
  /** Turns raw events into model events; must throw (e.g. `streamError`) if the stream ends early. */
  consume: (source: AsyncIterable<TRaw>) => AsyncGenerator<ModelStreamEvent>;
  maxRetries: number;
  idleTimeoutMs: number;
  signal: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; status: number | null }) => void;
};

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message && cause.message !== error.message
    ? `${error.message} (${cause.message})`
    : error.message;
}

export async function* runModelStream<TRaw>(run: StreamRun<TRaw>): AsyncGenerator<ModelStreamEvent> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  run.signal.addEventListener("abort", onAbort, { once: true });
  let idle = false;
  try {
    if (run.signal.aborted) throw abortedError();
    const source = await withRequestRetries(() => run.open(controller.signal), {
      maxRetries: run.maxRetries,
      signal: run.signal,
      classify: run.classifyOpenError,
      onRetry: run.onRetry,
    });
    const guarded = withIdleTimeout(source, {
      idleMs: run.idleTimeoutMs,
      onIdle: () => {
        idle = true;
        controller.abort();
      },
    });
    try {
      yield* run.consume(guarded);
    } catch (error) {
      if (run.signal.aborted) throw abortedError();
      if (idle || error instanceof IdleTimeoutError) throw streamError("idle timeout waiting for SSE");
      if (error instanceof ModelError) throw error;
      throw streamError(describe(error));
    }
  } finally {
    run.signal.removeEventListener("abort", onAbort);
    controller.abort();
  }
}
