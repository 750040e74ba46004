import type { RunRecord, RunRepository } from "../../model";

/** RunRepository kept in memory, for tests. */
export class MemoryRunRepository implements RunRepository {
  readonly runs = new Map<string, RunRecord>();
  readonly log = new Map<string, Map<number, unknown>>();

  async list(crewId: string): Promise<RunRecord[]> {
    return [...this.runs.values()].filter((r) => r.crewId === crewId).sort((a, b) => b.startedAt - a.startedAt);
  }
  async get(id: string): Promise<RunRecord | undefined> {
    return this.runs.get(id);
  }
  async put(run: RunRecord): Promise<void> {
    this.runs.set(run.id, structuredClone(run));
  }
  async appendEvents(runId: string, events: readonly unknown[]): Promise<void> {
    const log = this.log.get(runId) ?? new Map<number, unknown>();
    for (const e of events) log.set((e as { seq: number }).seq, structuredClone(e));
    this.log.set(runId, log);
  }
  async events(runId: string): Promise<unknown[]> {
    return [...(this.log.get(runId)?.entries() ?? [])].sort(([a], [b]) => a - b).map(([, e]) => e);
  }
  async remove(id: string): Promise<void> {
    this.runs.delete(id);
    this.log.delete(id);
  }
  async markInterrupted(except: readonly string[] = []): Promise<number> {
    let n = 0;
    for (const run of this.runs.values())
      if (run.status === "running" && !except.includes(run.id)) {
        run.status = "interrupted";
        n++;
      }
    return n;
  }
}
