import Dexie from "dexie";
import type { RunRecord, RunRepository } from "../model/repository";
import type { CrewDeckDb, StoredRunEvent } from "./CrewDeckDb";
import { writeOrExplainQuota } from "./storageErrors";

/** Events per stored row at most, so that even an undo putting back a whole long log writes rows of modest size. */
const EVENTS_PER_ROW = 1000;

/**
 * RunRepository on IndexedDB through Dexie. Run summaries live in `runs`; events live in `runEvents`, one row per
 * appended batch keyed by [runId+first seq]: appending the same batch again replaces its row, and an event stored
 * twice (batches that overlap) is read once.
 */
export class DexieRunRepository implements RunRepository {
  constructor(private readonly db: CrewDeckDb) {}

  /** The crew's runs, newest start first; runs that started at the same time come in descending id order. */
  async list(crewId: string): Promise<RunRecord[]> {
    return this.db.runs.where("[crewId+startedAt]").between([crewId, Dexie.minKey], [crewId, Dexie.maxKey]).reverse().toArray();
  }

  /** The run's summary, or undefined when no run has this id. */
  async get(id: string): Promise<RunRecord | undefined> {
    return this.db.runs.get(id);
  }

  /** Adds the run or replaces its summary row; its events are kept. */
  async put(run: RunRecord): Promise<void> {
    const row: RunRecord = {
      id: run.id,
      crewId: run.crewId,
      crewName: run.crewName,
      startedAt: run.startedAt,
      ...(run.endedAt !== undefined ? { endedAt: run.endedAt } : {}),
      status: run.status,
      totalTokens: run.totalTokens,
      // JSON round trips drop proxies, frozen state and undefined members; both are JSON by definition.
      crew: plainJson(run.crew),
      inputs: plainJson(run.inputs) as Record<string, string>,
      ...(run.usageByModel ? { usageByModel: plainJson(run.usageByModel) as RunRecord["usageByModel"] } : {}),
      ...(run.forkOf ? { forkOf: { runId: run.forkOf.runId, taskId: run.forkOf.taskId } } : {}),
      ...(run.batch ? { batch: { id: run.batch.id, row: run.batch.row, size: run.batch.size } } : {}),
      ...(run.output !== undefined ? { output: run.output } : {}),
    };
    await writeOrExplainQuota(`save run "${run.id}"`, () => this.db.runs.put(row));
  }

  /**
   * Stores a batch of events in one transaction. Each event must be an object with a finite numeric `seq`;
   * an event whose seq is already stored is read back once, not twice.
   */
  async appendEvents(runId: string, events: readonly unknown[]): Promise<void> {
    if (events.length === 0) return;
    const sorted = events.map((event, index) => ({ seq: seqOf(runId, event, index), event })).sort((a, b) => a.seq - b.seq);
    const rows: StoredRunEvent[] = [];
    for (let from = 0; from < sorted.length; from += EVENTS_PER_ROW) {
      const part = sorted.slice(from, from + EVENTS_PER_ROW);
      // One JSON round trip for the whole part: it drops undefined members and proxies, as for every stored value.
      rows.push({ runId, seq: part[0]?.seq as number, events: plainJson(part.map((p) => p.event)) as unknown[] });
    }
    await writeOrExplainQuota(`save ${events.length} event(s) of run "${runId}"`, () =>
      this.db.transaction("rw", this.db.runEvents, () => this.db.runEvents.bulkPut(rows)),
    );
  }

  /** The run's events in seq order (an empty list for an unknown run). */
  async events(runId: string): Promise<unknown[]> {
    return eventsIn(await this.eventsOf(runId).toArray());
  }

  /** Deletes the run and all its events in one transaction; removing an unknown id does nothing. */
  async remove(id: string): Promise<void> {
    await writeOrExplainQuota(`remove run "${id}"`, () =>
      this.db.transaction("rw", this.db.runs, this.db.runEvents, async () => {
        await this.db.runEvents.where("runId").equals(id).delete();
        await this.db.runs.delete(id);
      }),
    );
  }

  /**
   * Turns every run still "running" (its tab closed mid-run) into "interrupted", setting endedAt to the
   * `ts` of its last event when it has one (otherwise endedAt is left as it was); returns how many changed.
   */
  async markInterrupted(except: readonly string[] = []): Promise<number> {
    return writeOrExplainQuota("mark unfinished runs as interrupted", () =>
      this.db.transaction("rw", this.db.runs, this.db.runEvents, async () => {
        const running = (await this.db.runs.where("status").equals("running").toArray()).filter((r) => !except.includes(r.id));
        for (const run of running) {
          // The newest batch ends with the run's last event (rows are keyed, and their events sorted, by seq).
          const last = await this.eventsOf(run.id).last();
          const ts = tsOf(last?.events ? last.events[last.events.length - 1] : last?.event);
          await this.db.runs.update(run.id, ts === undefined ? { status: "interrupted" } : { status: "interrupted", endedAt: ts });
        }
        return running.length;
      }),
    );
  }

  private eventsOf(runId: string) {
    return this.db.runEvents.where("[runId+seq]").between([runId, Dexie.minKey], [runId, Dexie.maxKey]);
  }
}

function seqOf(runId: string, event: unknown, index: number): number {
  const seq = typeof event === "object" && event !== null ? (event as { seq?: unknown }).seq : undefined;
  if (typeof seq === "number" && Number.isFinite(seq)) return seq;
  throw new Error(
    `DexieRunRepository.appendEvents: event ${index} of the batch for run "${runId}" has no numeric seq (got ${JSON.stringify(seq)}); nothing was stored`,
  );
}

/** The events of a run's rows in seq order, each once; rows may be batches or (older) single events. */
function eventsIn(rows: readonly StoredRunEvent[]): unknown[] {
  const pairs = rows.flatMap((row): [number, unknown][] =>
    row.events ? row.events.map((event) => [(event as { seq: number }).seq, event]) : [[row.seq, row.event]],
  );
  // Rows come in key order and hold sorted events, so the pairs are in order unless batches overlapped (a batch
  // appended again in other pieces): then one event per seq.
  if (pairs.every(([seq], i) => i === 0 || seq > (pairs[i - 1] as [number, unknown])[0])) return pairs.map(([, event]) => event);
  return [...new Map(pairs).entries()].sort(([a], [b]) => a - b).map(([, event]) => event);
}

function tsOf(event: unknown): number | undefined {
  const ts = typeof event === "object" && event !== null ? (event as { ts?: unknown }).ts : undefined;
  return typeof ts === "number" && Number.isFinite(ts) ? ts : undefined;
}

function plainJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
