/**
 * One full garbage collection, soon, coalesced. A turn leaves megabytes of garbage behind (request
 * bodies that resend the history, streamed command output), and Bun's collector lets a heap that
 * holds only garbage grow by tens of megabytes before it runs; the TUI even runs with Bun's
 * repeating idle collector off (it would wake an idle TUI every second). So core asks for one
 * collection after each turn and after every few megabytes of command output (issue 19: a turn of
 * 100 × 200 KB outputs peaked 25 MiB above a quiet one; RSS grew 17 % from turn 30 to turn 300).
 * It runs 100 ms later on a timer of its own, never inside a command's streaming, at most that
 * often however many ask, and leaves no timer behind; the timer never keeps the process alive
 * (`codex exec` exits without waiting).
 */
const DELAY_MS = 100;

let pending: ReturnType<typeof setTimeout> | null = null;

export function collectSoon(): void {
  if (pending !== null) return;
  pending = setTimeout(() => {
    pending = null;
    Bun.gc(true);
  }, DELAY_MS);
  pending.unref();
}
