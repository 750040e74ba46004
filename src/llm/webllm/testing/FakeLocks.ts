// TEST-ONLY: just enough of the Web Locks API for unit tests of the GPU lock (Node has no navigator.locks).
import type { LockRequester } from "../gpuLock";

/** One exclusive lock per name with ifAvailable, FIFO waiting and abort while waiting, like the browser's LockManager. */
export class FakeLocks implements LockRequester {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, (() => void)[]>();

  /** How many requests wait for `name`. */
  waiting(name: string): number {
    return this.queues.get(name)?.length ?? 0;
  }

  async request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown> {
    if (this.held.has(name) && options.ifAvailable) return callback(null);
    if (this.held.has(name)) await this.wait(name, options.signal);
    this.held.add(name);
    try {
      return await callback({ name, mode: "exclusive" } as Lock);
    } finally {
      this.held.delete(name);
      this.queues.get(name)?.shift()?.();
    }
  }

  private wait(name: string, signal: AbortSignal | undefined): Promise<void> {
    const queue = this.queues.get(name) ?? [];
    this.queues.set(name, queue);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const turn = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        queue.splice(queue.indexOf(turn), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(turn);
    });
  }
}
