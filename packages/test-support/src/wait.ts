/**
 * Waiting on a condition instead of sleeping a fixed time: a fixed sleep is too short on a loaded
 * machine and wasted time on an idle one. The probe is checked every few milliseconds until it
 * returns something other than `undefined`, `null` or `false`, and that value is returned.
 */

export type WaitOptions = {
  /** What is awaited, for the timeout's message ("the child to exit"). */
  what?: string;
  /** Give up after this long (default 15 s: generous for a loaded 2-core machine). */
  timeoutMs?: number;
  /** Time between probes (default 10 ms). */
  intervalMs?: number;
};

export async function waitUntil<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}`);
    await Bun.sleep(options.intervalMs ?? 10);
  }
}
