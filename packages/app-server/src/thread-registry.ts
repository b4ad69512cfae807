/** The threads this server has loaded (started, resumed or forked), by id. */
import { invalidRequest } from "./errors.ts";
import type { LoadedThread } from "./loaded-thread.ts";

export class ThreadRegistry {
  private readonly threads = new Map<string, LoadedThread>();

  add(thread: LoadedThread): void {
    this.threads.set(thread.id, thread);
  }

  find(id: string): LoadedThread | undefined {
    return this.threads.get(id);
  }

  /** The loaded thread `id`; 0.169's error when it is not loaded. */
  get(id: string): LoadedThread {
    const thread = this.threads.get(id);
    if (!thread) throw invalidRequest(`thread not loaded: ${id}`);
    return thread;
  }

  /** Ids of the loaded threads, in the order they were loaded. */
  ids(): string[] {
    return [...this.threads.keys()];
  }

  /** Shuts every session down (their rollout files are flushed and closed). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.threads.values()].map((thread) => thread.close()));
    this.threads.clear();
  }
}
