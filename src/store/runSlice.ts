import type { StateCreator } from "zustand";
import type { RunEvent } from "../engine/events";
import type { HumanVerdict } from "../engine/ports";
import { type Crew, type Endpoint, findPlaceholders, type Task, validateCrew } from "../model";
import { emptyRunView, foldEvent } from "./runView";
import type { RunView } from "./runViewTypes";
import type { AppState, StoreDeps } from "./types";

/** What a runner reports about one run. */
export interface RunnerCallbacks {
  onEvents(events: RunEvent[]): void;
  onReview(task: Task, output: string): void;
  onDone(result: { status: "completed" | "failed" | "cancelled"; error?: string; files: Record<string, string> }): void;
  onInvalid(messages: string[]): void;
}

/** Port: starts a run somewhere (a Web Worker in the app); injected by the composition root. */
export type Runner = (
  request: { runId: string; crew: Crew; inputs: Record<string, string>; endpoints: Endpoint[]; defaultEndpoint: string },
  callbacks: RunnerCallbacks,
) => { stop(reason?: string): void; review(taskId: string, verdict: HumanVerdict): void };

/** A task waiting for the person's review. */
export interface ReviewRequest {
  task: Task;
  output: string;
}

/** The run slice: the live (or replayed) run of the open crew, folded from its events. */
export interface RunSlice {
  run: RunView | null;
  runEvents: RunEvent[];
  /** The crew as it was when the run started (the document may change while it runs). */
  runCrew: Crew | null;
  runFiles: Record<string, string>;
  /** The stored crew the current run belongs to; the canvas shows run state only on that crew. */
  runCrewId: string | null;
  review: ReviewRequest | null;
  endpoints: Endpoint[];
  defaultEndpoint: string | null;
  refreshEndpoints(): Promise<void>;
  saveEndpoint(endpoint: Endpoint): Promise<void>;
  removeEndpoint(id: string): Promise<void>;
  setDefaultEndpoint(id: string): void;
  /** Lists the endpoint's models, or rejects with what failed. */
  testEndpoint(endpoint: { baseUrl: string; apiKey: string }): Promise<string[]>;
  /** Problems that stop a run before it starts (graph problems, missing inputs, no endpoint); empty when it can start. */
  runBlockers(inputs: Record<string, string>): string[];
  startRun(inputs: Record<string, string>): string | null;
  stopRun(): void;
  answerReview(verdict: HumanVerdict): void;
  clearRun(): void;
}

/** Creates the run slice over the injected runner and repositories. */
export function createRunSlice(deps: StoreDeps): StateCreator<AppState, [], [], RunSlice> {
  return (set, get) => {
    let handle: ReturnType<Runner> | null = null;
    let pendingWrites: RunEvent[] = [];
    let writeTimer: ReturnType<typeof setTimeout> | null = null;
    const persist = (runId: string) => {
      writeTimer = null;
      const batch = pendingWrites;
      pendingWrites = [];
      if (batch.length && deps.runs)
        void deps.runs.appendEvents(runId, batch).catch((e: Error) => get().toast(`Run log not saved: ${e.message}`, "error"));
    };
    return {
      run: null,
      runEvents: [],
      runCrew: null,
      runFiles: {},
      runCrewId: null,
      review: null,
      endpoints: [],
      defaultEndpoint: null,
      async refreshEndpoints() {
        const endpoints = (await deps.endpoints?.list()) ?? [];
        const saved = await deps.repository.getMeta<string>("defaultEndpoint").catch(() => undefined);
        set({ endpoints, defaultEndpoint: endpoints.find((e) => e.id === saved)?.id ?? endpoints[0]?.id ?? null });
      },
      async saveEndpoint(endpoint) {
        await deps.endpoints?.put(endpoint);
        await get().refreshEndpoints();
        if (!get().defaultEndpoint) get().setDefaultEndpoint(endpoint.id);
      },
      async removeEndpoint(id) {
        await deps.endpoints?.remove(id);
        await get().refreshEndpoints();
      },
      testEndpoint(endpoint) {
        if (!deps.testEndpoint) return Promise.reject(new Error("testing endpoints is not available here"));
        return deps.testEndpoint(endpoint);
      },
      setDefaultEndpoint(id) {
        set({ defaultEndpoint: id });
        void deps.repository.setMeta("defaultEndpoint", id).catch(() => undefined);
      },
      runBlockers(inputs) {
        const { crew, endpoints } = get();
        const blockers = validateCrew(crew).map((p) => p.message);
        for (const name of findPlaceholders(crew)) if (!(inputs[name] ?? "").trim()) blockers.push(`no value for {${name}}`);
        if (crew.process === "hierarchical") blockers.push("the hierarchical process cannot run yet");
        if (endpoints.length === 0) blockers.push("no model endpoint on this device yet: add one below");
        return blockers;
      },
      startRun(inputs) {
        const s = get();
        if (!deps.runner) return "running is not available here";
        if (s.run?.status === "running") return "a run is already going; stop it first";
        const blockers = s.runBlockers(inputs);
        if (blockers.length) return blockers[0] ?? null;
        const runId = deps.newId();
        const crew = s.crew;
        const startedAt = deps.now();
        set({ run: emptyRunView(runId, startedAt), runEvents: [], runCrew: crew, runCrewId: s.crewId, runFiles: {}, review: null });
        void deps.runs
          ?.put({ id: runId, crewId: s.crewId ?? "", crewName: crew.name, startedAt, status: "running", totalTokens: 0, crew, inputs })
          .catch((e: Error) => get().toast(`Run not saved: ${e.message}`, "error"));
        handle = deps.runner(
          { runId, crew, inputs, endpoints: s.endpoints, defaultEndpoint: s.defaultEndpoint ?? s.endpoints[0]?.id ?? "" },
          {
            onEvents(events) {
              const state = get();
              if (!state.run || state.run.runId !== runId) return;
              let view = state.run;
              for (const event of events) view = foldEvent(view, event, crew);
              set({ run: view, runEvents: [...state.runEvents, ...events] });
              pendingWrites.push(...events);
              writeTimer ??= setTimeout(() => persist(runId), 250);
            },
            onReview(task, output) {
              set({ review: { task, output } });
            },
            onDone(result) {
              handle = null;
              if (writeTimer) clearTimeout(writeTimer);
              persist(runId);
              const view = get().run;
              set({ runFiles: result.files, review: null });
              if (view?.runId === runId && view.status === "running")
                set({ run: { ...view, status: result.status, ...(result.error ? { error: result.error } : {}) } });
              void deps.runs
                ?.put({
                  id: runId,
                  crewId: s.crewId ?? "",
                  crewName: crew.name,
                  startedAt,
                  endedAt: deps.now(),
                  status: result.status,
                  totalTokens: get().run?.usage.totalTokens ?? 0,
                  crew,
                  inputs,
                })
                .catch(() => undefined);
              if (result.status === "failed") get().toast(`Run failed: ${result.error ?? "unknown error"}`, "error");
            },
            onInvalid(messages) {
              handle = null;
              set({ run: null });
              get().toast(`Cannot run: ${messages[0] ?? "the crew is not valid"}`, "error");
            },
          },
        );
        return null;
      },
      stopRun() {
        handle?.stop("stopped by you");
      },
      answerReview(verdict) {
        const review = get().review;
        if (!review) return;
        set({ review: null });
        handle?.review(review.task.id, verdict);
      },
      clearRun() {
        if (get().run?.status === "running") return;
        set({ run: null, runEvents: [], runCrew: null, runCrewId: null, runFiles: {} });
      },
    };
  };
}
