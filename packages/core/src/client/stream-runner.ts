/**
 * One model call, shared by both wire APIs: open the request with request-level retries, then
 * read the stream under the idle timeout, turning every way it can break into a `ModelError`
 * whose message names the provider and never carries a credential.
 */
import { describeTransportError, redactSecrets } from "./connection-errors.ts";
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
  /** Who is asked: "Mock Provider (http://127.0.0.1:8080/v1/responses)". */
  where: string;
  /** Values to blank out of every error message (the bearer token, secret headers). */
  secrets: () => readonly string[];
};

export async function* runModelStream<TRaw>(run: StreamRun<TRaw>): AsyncGenerator<ModelStreamEvent> {
  try {
    yield* openAndConsume(run);
  } catch (error) {
    if (error instanceof ModelError) error.message = redactSecrets(error.message, run.secrets());
    throw error;
  }
}

async function* openAndConsume<TRaw>(run: StreamRun<TRaw>): AsyncGenerator<ModelStreamEvent> {
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
      throw streamError(`connection to ${run.where} lost: ${describeTransportError(error)}`);
    }
  } finally {
    run.signal.removeEventListener("abort", onAbort);
    controller.abort();
  }
}
