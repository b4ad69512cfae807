/**
 * Iterates a stream, failing when no event arrives for `idleMs` (the provider's
 * `stream_idle_timeout_ms`): `onIdle` runs (it aborts the request) and `IdleTimeoutError` is thrown.
 */

export class IdleTimeoutError extends Error {
  override name = "IdleTimeoutError";
  constructor() {
    super("idle timeout waiting for SSE");
  }
}

export async function* withIdleTimeout<T>(
  source: AsyncIterable<T>,
  options: { idleMs: number; onIdle: () => void },
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (true) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<"idle">((resolve) => {
        timer = setTimeout(() => resolve("idle"), options.idleMs);
      });
      const next = await Promise.race([iterator.next(), idle]).finally(() => clearTimeout(timer));
      if (next === "idle") {
        options.onIdle();
        // The pending next() settles once the request is aborted; do not wait for it here.
        finished = true;
        throw new IdleTimeoutError();
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) {
      // The consumer stopped early (completed, or an error): let the source release its request.
      void iterator.return?.()?.catch(() => {});
    }
  }
}
