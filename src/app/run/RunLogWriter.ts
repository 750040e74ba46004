import type { RunEvent } from "../../engine";
import type { RunRepository } from "../../model";

/** How often the worker writes the run's events: a reload mid-run loses at most this much of the log. */
const WRITE_EVERY_MS = 100;

/**
 * Writes a run's events to history in the worker, where they are made, in ordered batches: the page's main thread
 * never serialises or stores events, and a failed write is reported once instead of stopping the run.
 */
export class RunLogWriter {
  private pending: RunEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failed = false;

  constructor(
    private readonly runId: string,
    private readonly runs: RunRepository | null,
    private readonly onError: (message: string) => void,
  ) {}

  /** Queues an event; it is written within WRITE_EVERY_MS. */
  add(event: RunEvent): void {
    if (!this.runs) return;
    this.pending.push(event);
    this.timer ??= setTimeout(() => void this.flush(), WRITE_EVERY_MS);
  }

  /** Writes everything queued; resolves when every write so far has landed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    const runs = this.runs;
    if (batch.length > 0 && runs)
      this.writing = this.writing
        .then(() => runs.appendEvents(this.runId, batch))
        .catch((error: Error) => {
          if (this.failed) return;
          this.failed = true;
          this.onError(`the run log of ${this.runId} could not be saved: ${error.message}`);
        });
    return this.writing;
  }
}
