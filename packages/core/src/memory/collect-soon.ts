/**
 * One full garbage collection, soon, coalesced. A turn leaves megabytes of garbage behind (request
 * bodies that resend the history, streamed command output), and Bun's collector lets a heap that
 * holds only garbage grow by tens of megabytes before it runs; the TUI even runs with Bun's
 * repeating idle collector off (it would wake an idle TUI every second). So core asks for one
 * collection after each turn and whenever the bytes that went through (command output once a
 * command ends, request bodies once sent) reach a few megabytes since the last one (issue 19: a
 * turn of 100 × 200 KB outputs peaked 25 MiB above a quiet one; RSS grew 17 % from turn 30 to turn
 * 300, as each request of a long session resends a longer history). It runs on a timer of its own,
 * 100 ms later (with no delay for a request body just sent: the model has yet to answer), one
 * collection however many ask meanwhile, and leaves no timer behind; the timer never keeps the
 * process alive (`codex exec` exits without waiting).
 */
const DELAY_MS = 100;
/** Bytes of garbage that warrant a collection of their own. */
const COLLECT_EVERY_BYTES = 2 * 1024 * 1024;

let passedThrough = 0;

/**
 * `bytes` went through and are garbage now: a collection once they add up to a few MiB. Soon, or
 * as soon as the caller's frame is gone when it is about to wait anyway (`idle`: a request was
 * sent and the model has yet to answer), so that the garbage is gone before the turn makes more.
 * Never in the caller's frame: what it still holds (the request body) would survive it.
 */
export function garbageMade(bytes: number, options: { idle?: boolean } = {}): void {
  passedThrough += bytes;
  if (passedThrough < COLLECT_EVERY_BYTES) return;
  passedThrough = 0;
  collectSoon(options.idle ? 0 : DELAY_MS);
}

let pending: { timer: ReturnType<typeof setTimeout>; at: number } | null = null;

export function collectSoon(delayMs = DELAY_MS): void {
  const at = performance.now() + delayMs;
  if (pending !== null && pending.at <= at) return;
  if (pending !== null) clearTimeout(pending.timer);
  const timer = setTimeout(() => {
    pending = null;
    Bun.gc(true);
  }, delayMs);
  timer.unref();
  pending = { timer, at };
}
