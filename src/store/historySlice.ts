import type { StateCreator } from "zustand";
import type { RunEvent, TaskOutput } from "../engine/events";
import { type Crew, CrewSchema, type RunRecord } from "../model";
import { ReplayIndex } from "./replayIndex";
import { exportRunJson } from "./runExport";
import type { AppState, StoreDeps } from "./types";

/** A saved run open for replay, with the cursor: the index of the last event shown. */
export interface ReplayState {
  record: RunRecord;
  events: RunEvent[];
  crew: Crew;
  cursor: number;
}

/** Run history of the open crew: list, replay, fork, export and delete. */
export interface HistorySlice {
  history: RunRecord[];
  replay: ReplayState | null;
  refreshHistory(): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /** The run as a JSON file (record and events), with every stored key removed. */
  exportRun(id: string): Promise<{ fileName: string; json: string }>;
  /** Opens a saved run for replay at its end (the canvas, console and timeline show it). */
  openReplay(id: string): Promise<void>;
  /** Moves the replay cursor to an event index (-1: before the first event). */
  seekReplay(index: number): void;
  closeReplay(): void;
  /** Re-runs the open crew from `taskId`, restoring the outputs of the tasks before it from saved run `runId`. */
  forkRun(runId: string, taskId: string): Promise<string | null>;
}

/** Creates the history slice over the run repository. */
export function createHistorySlice(deps: StoreDeps): StateCreator<AppState, [], [], HistorySlice> {
  return (set, get) => {
    let index: ReplayIndex | null = null;
    const load = async (id: string) => {
      const record = await deps.runs?.get(id);
      if (!record) throw new Error(`run ${id} is not in this browser's history any more`);
      const events = ((await deps.runs?.events(id)) ?? []) as RunEvent[];
      if (events.length === 0) throw new Error(`run ${id} has no saved events`);
      const parsed = CrewSchema.safeParse(record.crew);
      if (!parsed.success) throw new Error(`run ${id} was saved with a crew this version cannot read`);
      return { record, events, crew: parsed.data };
    };
    return {
      history: [],
      replay: null,
      async refreshHistory() {
        const crewId = get().crewId;
        const history = crewId && deps.runs ? await deps.runs.list(crewId) : [];
        if (get().crewId === crewId) set({ history });
      },
      async deleteRun(id) {
        const runs = deps.runs;
        if (!runs) return;
        if (get().liveRuns[id]) throw new Error(`run ${id} is still going; stop it before deleting it`);
        if (get().replay?.record.id === id) get().closeReplay();
        // Kept in memory until the toast goes, so Undo can put the run back exactly as it was.
        const record = await runs.get(id);
        const events = await runs.events(id);
        await runs.remove(id);
        await get().refreshHistory();
        const undo = async () => {
          if (!record) return;
          await runs.put(record);
          await runs.appendEvents(id, events);
          await get().refreshHistory();
        };
        get().toast("Run deleted", "info", { label: "Undo", run: () => void undo().catch((e: Error) => get().toast(e.message, "error")) });
      },
      async exportRun(id) {
        const { record, events } = await load(id);
        return exportRunJson(record, events, get().endpoints);
      },
      async openReplay(id) {
        const { record, events, crew } = await load(id);
        index = new ReplayIndex(events, crew, record.status === "interrupted");
        set({ replay: { record, events, crew, cursor: events.length - 1 } });
        get().seekReplay(events.length - 1);
      },
      seekReplay(at) {
        const replay = get().replay;
        if (!replay || !index) return;
        const cursor = Math.min(Math.max(at, -1), replay.events.length - 1);
        set({
          replay: { ...replay, cursor },
          run: index.viewAt(cursor),
          runEvents: replay.events.slice(0, cursor + 1),
          runCrew: replay.crew,
          runCrewId: replay.record.crewId,
          runFiles: {},
          runMode: "replay",
        });
      },
      closeReplay() {
        if (!get().replay) return;
        index = null;
        set({ replay: null, runMode: "live" });
        get().showLive();
      },
      async forkRun(runId, taskId) {
        const { events } = await load(runId);
        const outputs = new Map<string, TaskOutput>();
        for (const e of events) if (e.type === "task.completed" || e.type === "task.restored") outputs.set(e.taskId, e.output);
        const started = events[0]?.type === "run.started" ? events[0].inputs : {};
        return get().startRun(started, { fromRunId: runId, taskId, outputs: [...outputs.values()] });
      },
    };
  };
}
