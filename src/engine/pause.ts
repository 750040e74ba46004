import { abortError } from "./ports";

/**
 * Pause and resume for a run, toggled from outside (a Pause button). The engine waits at checkpoints between steps
 * (before a task, a model call or a tool call), so work in flight finishes and nothing new starts while paused.
 */
export class PauseSwitch {
  private paused = false;
  private waiters: (() => void)[] = [];
  private readonly listeners = new Set<(paused: boolean) => void>();

  /** True while paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Holds every checkpoint from now on; a no-op when already paused. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const listener of this.listeners) listener(true);
  }

  /** Releases every checkpoint waiting; a no-op when not paused. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
    for (const listener of this.listeners) listener(false);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves at once when running, else when resumed; rejects when the signal aborts first (Stop wins over Pause). */
  checkpoint(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(abortError(signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(wake);
    });
  }
}
