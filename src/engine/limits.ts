import { abortError, type Clock } from "./ports";

/** A counting semaphore: at most `size` holders at once, first come first served. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** A slot at once, or undefined when none is free (lets a caller skip a promise); throws if the signal has aborted. */
  tryAcquire(signal?: AbortSignal): (() => void) | undefined {
    if (signal?.aborted) throw abortError(signal);
    // A free slot means nobody waits: a release hands its slot straight to the first waiter.
    if (this.active >= this.size) return undefined;
    this.active++;
    return this.releaser();
  }

  /** Waits for a slot; rejects if the signal aborts first (the slot is then never taken). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        this.active++;
        resolve(this.releaser());
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortError(signal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

/**
 * Requests-per-minute limit over a sliding 60 s window; `reserve` says how long to wait for a slot and books
 * it at that time, so concurrent callers queue in order instead of all waking at once.
 */
export class RpmLimiter {
  private readonly booked: number[] = [];

  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Books the next free slot and returns how many ms from now it starts (0 when free now). */
  reserve(): number {
    const now = this.clock.now();
    while (this.booked.length > 0 && (this.booked[0] as number) <= now - 60_000) this.booked.shift();
    let at = now;
    if (this.booked.length >= this.perMinute) {
      const oldestInWindow = this.booked[this.booked.length - this.perMinute] as number;
      at = Math.max(now, oldestInWindow + 60_000);
    }
    this.booked.push(at);
    this.booked.sort((a, b) => a - b);
    return at - now;
  }
}
