import type { StateCreator } from "zustand";
import { type Crew, completeRow, findPlaceholders, type InputsRow, type RunRecord, rowProblems } from "../model";
import type { BatchPlace } from "./runEntries";
import type { ForkRequest, RunHandle } from "./runnerPort";
import type { AppState, StoreDeps } from "./types";

/** A batch started in this tab: its rows and the run each row started (null while it waits its turn). */
export interface BatchState {
  id: string;
  crewId: string | null;
  crewName: string;
  /** Each row's inputs, with the crew's defaults filled in. */
  rows: InputsRow[];
  concurrency: number;
  runIds: (string | null)[];
  /** Rows whose run was refused before it started, by row index, with why (no run of theirs is saved). */
  errors: Record<number, string>;
  status: "running" | "done" | "stopped";
  paused: boolean;
  startedAt: number;
}

/** Batches: the open crew run once per row of inputs, a few at a time, each run isolated and saved. */
export interface BatchSlice {
  batches: Record<string, BatchState>;
  /** Why these rows cannot run as a batch of the open crew (crew problems, then each row's missing inputs); empty when they can. */
  batchBlockers(rows: readonly InputsRow[]): string[];
  /** Starts a batch of the open crew, at most `concurrency` runs at once; returns why it cannot, or null. */
  startBatch(rows: readonly InputsRow[], concurrency: number): string | null;
  /** Stops the runs of the batch in flight; rows still waiting never start. */
  stopBatch(id: string): void;
  pauseBatch(id: string): void;
  resumeBatch(id: string): void;
}

/** One run for the run slice to start. */
export interface LaunchSpec {
  crew: Crew;
  crewId: string | null;
  inputs: Record<string, string>;
  restore?: ForkRequest;
  batch?: BatchPlace;
}

/** What batches need from the run slice: starting runs and steering the ones going. */
export interface RunLauncher {
  /** Starts a run and returns its id; `onSettled` hears how it ended ("invalid": refused before it started). */
  launch(spec: LaunchSpec, onSettled?: (status: RunRecord["status"] | "invalid", error?: string) => void): string;
  control(runId: string): RunHandle | null;
  /** The name of the crew's run going in this tab, or null when none goes. */
  busy(crewId: string | null): string | null;
}

/** Most runs of one batch at once. */
export const MAX_BATCH_CONCURRENCY = 8;
/** Most rows in one batch. */
export const MAX_BATCH_ROWS = 500;

/** Creates the batch actions over the run slice's launcher. */
export function createBatchSlice(deps: StoreDeps, launcher: RunLauncher): StateCreator<AppState, [], [], BatchSlice> {
  return (set, get) => {
    const crews = new Map<string, Crew>();
    const flying = new Map<string, Set<number>>();
    const nextRow = new Map<string, number>();
    const outcomes = new Map<string, Record<string, number>>();

    const update = (id: string, patch: Partial<BatchState>) => {
      const batch = get().batches[id];
      if (batch) set({ batches: { ...get().batches, [id]: { ...batch, ...patch } } });
    };
    const controls = (id: string) =>
      [...(flying.get(id) ?? [])].map((row) => launcher.control(get().batches[id]?.runIds[row] ?? "")).filter((h) => h !== null);

    const finish = (id: string) => {
      const batch = get().batches[id];
      if (!batch || batch.status === "done" || !flying.has(id)) return;
      flying.delete(id);
      const counts = outcomes.get(id) ?? {};
      const tally = Object.entries(counts)
        .map(([status, n]) => `${n} ${status}`)
        .join(", ");
      if (batch.status === "stopped") get().toast(`Batch stopped: ${tally || "no row ran"}`, "info");
      else {
        update(id, { status: "done" });
        get().toast(`Batch of ${batch.rows.length} done: ${tally}`, counts.completed === batch.rows.length ? "success" : "error");
      }
    };
    const pump = (id: string) => {
      const batch = get().batches[id];
      const crew = crews.get(id);
      const inFlight = flying.get(id);
      if (!batch || !crew || !inFlight) return;
      let at = nextRow.get(id) ?? 0;
      const runIds = [...batch.runIds];
      while (batch.status === "running" && !batch.paused && inFlight.size < batch.concurrency && at < batch.rows.length) {
        const row = at++;
        inFlight.add(row);
        runIds[row] = launcher.launch(
          { crew, crewId: batch.crewId, inputs: batch.rows[row] ?? {}, batch: { id, row: row + 1, size: batch.rows.length } },
          (status, error) => settle(id, row, status, error),
        );
        nextRow.set(id, at);
        update(id, { runIds: [...runIds] });
      }
      if (inFlight.size === 0 && (at >= batch.rows.length || batch.status === "stopped")) finish(id);
    };
    const settle = (id: string, row: number, status: RunRecord["status"] | "invalid", error?: string) => {
      flying.get(id)?.delete(row);
      const counts = outcomes.get(id) ?? {};
      const word = status === "invalid" ? "refused" : status;
      counts[word] = (counts[word] ?? 0) + 1;
      outcomes.set(id, counts);
      if (status === "invalid") {
        const batch = get().batches[id];
        if (batch) update(id, { errors: { ...batch.errors, [row]: error ?? "the crew could not run" } });
      }
      pump(id);
    };

    return {
      batches: {},
      batchBlockers(rows) {
        const s = get();
        const names = findPlaceholders(s.crew);
        // Crew-level problems once (every input given a stand-in value), then what each row lacks.
        const crewLevel = s.runBlockers(Object.fromEntries(names.map((n) => [n, "x"])));
        const problems = [...crewLevel, ...rowProblems(rows, names, s.crew.inputs)];
        if (rows.length > MAX_BATCH_ROWS) problems.push(`at most ${MAX_BATCH_ROWS} rows in one batch; this one has ${rows.length}`);
        return problems;
      },
      startBatch(rows, concurrency) {
        if (!deps.runner) return "running is not available here";
        const busy = launcher.busy(get().crewId);
        if (busy) return `a run of “${busy}” is going; stop it first`;
        // As for a single run: agents naming no model use the in-browser model this device chose first.
        get().applyDeviceModel();
        const s = get();
        const problems = s.batchBlockers(rows);
        if (problems.length) return problems[0] ?? null;
        const names = findPlaceholders(s.crew);
        const id = deps.newId();
        const batch: BatchState = {
          id,
          crewId: s.crewId,
          crewName: s.crew.name,
          rows: rows.map((row) => completeRow(row, names, s.crew.inputs)),
          concurrency: Math.max(1, Math.min(MAX_BATCH_CONCURRENCY, Math.floor(concurrency) || 1)),
          runIds: rows.map(() => null),
          errors: {},
          status: "running",
          paused: false,
          startedAt: deps.now(),
        };
        // Every row runs the crew as it is now, whatever is edited while the batch goes.
        crews.set(id, s.crew);
        flying.set(id, new Set());
        set({ batches: { ...s.batches, [id]: batch } });
        get().closeReplay();
        get().setDock({ open: true, tab: "batch" });
        pump(id);
        return null;
      },
      stopBatch(id) {
        if (get().batches[id]?.status !== "running") return;
        update(id, { status: "stopped" });
        for (const handle of controls(id)) handle.stop("the batch was stopped by you");
        pump(id);
      },
      pauseBatch(id) {
        if (get().batches[id]?.status !== "running") return;
        update(id, { paused: true });
        for (const handle of controls(id)) handle.pause();
      },
      resumeBatch(id) {
        if (!get().batches[id]?.paused) return;
        update(id, { paused: false });
        for (const handle of controls(id)) handle.resume();
        pump(id);
      },
    };
  };
}
