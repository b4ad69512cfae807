/**
 * One full garbage collection shortly after a turn ends. A turn leaves megabytes of garbage behind
 * (request bodies that resend the history, streamed output), and the TUI runs with Bun's repeating
 * idle collector off (it would wake an idle TUI every second), so without this the heap of a long
 * session keeps what its busiest turn left (issue 19: +17 % RSS from turn 30 to turn 300). While
 * turns follow each other it runs at most every 100 ms; after the last one it runs once and no
 * timer is left. The timer never keeps the process alive (`codex exec` exits without waiting).
 */
const DELAY_MS = 100;

let pending: ReturnType<typeof setTimeout> | null = null;

export function collectAfterTurn(): void {
  if (pending !== null) return;
  pending = setTimeout(() => {
    pending = null;
    Bun.gc(true);
  }, DELAY_MS);
  pending.unref();
}
