import type { Crew, CrewRepository } from "../model";

type SaveState = "saved" | "saving" | "error";

/** Debounced writer of the open crew: the last change within `delayMs` wins, and flush() writes at once. */
export class Autosaver {
  private pending: { id: string; crew: Crew; createdAt: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: CrewRepository,
    private readonly now: () => number,
    /** Told of every change of state; `saved` is the crew whose write just landed. */
    private readonly onState: (state: SaveState, error?: Error, saved?: { id: string; crew: Crew }) => void,
    private readonly delayMs = 400,
  ) {}

  /** Queues a save of this crew, replacing any queued save of it. */
  schedule(id: string, crew: Crew, createdAt: number): void {
    if (this.pending && this.pending.id !== id) void this.flush();
    this.pending = { id, crew, createdAt };
    this.onState("saving");
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes whatever is queued now; resolves when every write so far has finished. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const job = this.pending;
    this.pending = null;
    if (job) {
      // Writes are chained so an older version never lands after a newer one.
      this.writing = this.writing.then(() =>
        this.repository.put({ id: job.id, name: job.crew.name, createdAt: job.createdAt, updatedAt: this.now(), doc: job.crew }).then(
          () => {
            if (!this.pending) this.onState("saved", undefined, { id: job.id, crew: job.crew });
          },
          (error: Error) => this.onState("error", error),
        ),
      );
    }
    return this.writing;
  }
}
