import type { Event } from "./events.ts";
import type { Op } from "./ops.ts";

/**
 * The seam between core and every front end: submissions in, events out.
 * `events` has a single consumer; it ends after `shutdown_complete`.
 */
export interface Session {
  /** Queues an op and returns its submission id (events answering it carry the same id). */
  submit(op: Op): Promise<string>;
  readonly events: AsyncIterable<Event>;
  /** Shuts the session down (as an ops `shutdown`) and waits until it has stopped. */
  close(): Promise<void>;
}
