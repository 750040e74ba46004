import type { StateCreator } from "zustand";
import type { RunEvent, TaskOutput } from "../engine/events";
import type { HumanVerdict } from "../engine/ports";
import { type Crew, type Endpoint, findPlaceholders, type RunRecord, scrubSecrets, type Task, validateCrew } from "../model";
import type { PriceTable } from "./cost";
import { emptyRunView, foldBatch } from "./runView";
import { RUN_USAGE_KEY, type RunView } from "./runViewTypes";
import type { AppState, StoreDeps } from "./types";

/** What a runner reports about one run. */
export interface RunnerCallbacks {
  onEvents(events: RunEvent[]): void;
  onReview(task: Task, output: string): void;
  onDone(result: { status: "completed" | "failed" | "cancelled"; error?: string; files: Record<string, string> }): void;
  onInvalid(messages: string[]): void;
  /** Something went wrong beside the run (its log could not be saved); the run goes on. */
  onWarning(message: string): void;
}

/** Outputs restored from a saved run when re-running from one of its tasks. */
export interface ForkRequest {
  fromRunId: string;
  taskId: string;
  outputs: TaskOutput[];
}

/** Everything a runner needs to start one run. */
export interface RunRequest {
  runId: string;
  crew: Crew;
  inputs: Record<string, string>;
  endpoints: Endpoint[];
  defaultEndpoint: string;
  /** The device's price table, for the crew's cost budget. */
  prices: PriceTable;
  restore?: ForkRequest;
}

/** Controls of a run in progress. */
export interface RunHandle {
  stop(reason?: string): void;
  pause(): void;
  resume(): void;
  review(taskId: string, verdict: HumanVerdict): void;
}

/**
 * Port: starts a run somewhere (a Web Worker in the app) and saves its events to run history as they happen;
 * injected by the composition root. The store saves the run's summary record.
 */
export type Runner = (request: RunRequest, callbacks: RunnerCallbacks) => RunHandle;

/** A task waiting for the person's review. */
export interface ReviewRequest {
  task: Task;
  output: string;
}

/** The run in progress, whichever run is shown. */
export interface LiveRun {
  runId: string;
  crewId: string | null;
  crewName: string;
  paused: boolean;
}

/** What the canvas, console and timeline show: the live run, or a saved run being replayed. */
export interface ShownRun {
  run: RunView | null;
  runEvents: RunEvent[];
  runCrew: Crew | null;
  runCrewId: string | null;
  runFiles: Record<string, string>;
  runMode: "live" | "replay";
}

/** The run slice: runs in progress and the run shown, folded from its events. */
export interface RunSlice extends ShownRun {
  liveRun: LiveRun | null;
  review: ReviewRequest | null;
  /** Problems that stop a run before it starts (graph problems, missing inputs, no endpoint); empty when it can start. */
  runBlockers(inputs: Record<string, string>): string[];
  /** Starts a run of the open crew (a fork when `restore` is given); returns why it cannot, or null. */
  startRun(inputs: Record<string, string>, restore?: ForkRequest): string | null;
  stopRun(): void;
  pauseRun(): void;
  resumeRun(): void;
  answerReview(verdict: HumanVerdict): void;
  /** Shows the live run again (after a replay), or nothing when none runs. */
  showLive(): void;
  clearRun(): void;
}

const NOTHING_SHOWN: ShownRun = { run: null, runEvents: [], runCrew: null, runCrewId: null, runFiles: {}, runMode: "live" };

/** Creates the run slice over the injected runner and run repository. */
export function createRunSlice(deps: StoreDeps): StateCreator<AppState, [], [], RunSlice> {
  return (set, get) => {
    let handle: RunHandle | null = null;
    let live: ShownRun = NOTHING_SHOWN;
    const updateLive = (next: Partial<ShownRun>) => {
      live = { ...live, ...next };
      if (get().runMode === "live") set(next);
    };
    const record = (
      runId: string,
      crew: Crew,
      crewId: string | null,
      inputs: Record<string, string>,
      startedAt: number,
      view?: RunView,
      status?: RunRecord["status"],
    ): RunRecord => ({
      id: runId,
      crewId: crewId ?? "",
      crewName: crew.name,
      startedAt,
      status: status ?? "running",
      totalTokens: view?.usage.totalTokens ?? 0,
      // The crew as it ran (for replay and fork), without anything that looks like a credential.
      crew: scrubSecrets(crew),
      inputs,
      ...(view?.endedAt ? { endedAt: view.endedAt } : {}),
      ...(view?.nodeUsage[RUN_USAGE_KEY] ? { usageByModel: view.nodeUsage[RUN_USAGE_KEY] } : {}),
      ...(view?.forkOf ? { forkOf: view.forkOf } : {}),
    });
    return {
      ...NOTHING_SHOWN,
      liveRun: null,
      review: null,
      runBlockers(inputs) {
        const { crew, endpoints } = get();
        const blockers = validateCrew(crew).map((p) => p.message);
        for (const name of findPlaceholders(crew)) if (!(inputs[name] ?? "").trim()) blockers.push(`no value for {${name}}`);
        if (crew.process === "hierarchical") blockers.push("the hierarchical process cannot run yet");
        const inBrowser = crew.agents.filter((a) => crew.llms.find((l) => l.id === (a.llm ?? crew.defaultLlm))?.provider === "webllm");
        if (inBrowser.length)
          blockers.push(`in-browser (WebLLM) models cannot run yet: ${inBrowser.map((a) => a.role.trim() || a.id).join(", ")} use one`);
        if (endpoints.length === 0) blockers.push("no model endpoint on this device yet: add one below");
        return blockers;
      },
      startRun(inputs, restore) {
        const s = get();
        if (!deps.runner) return "running is not available here";
        if (s.liveRun) return `a run of “${s.liveRun.crewName}” is going; stop it first`;
        const blockers = s.runBlockers(inputs);
        if (blockers.length) return blockers[0] ?? null;
        const runId = deps.newId();
        const crew = s.crew;
        const crewId = s.crewId;
        const startedAt = deps.now();
        live = { run: emptyRunView(runId, startedAt), runEvents: [], runCrew: crew, runCrewId: crewId, runFiles: {}, runMode: "live" };
        set({ ...live, review: null, liveRun: { runId, crewId, crewName: crew.name, paused: false } });
        if (!get().dock.open || get().dock.tab === "history") get().setDock({ open: true, tab: "console" });
        get().closeReplay();
        void deps.runs
          ?.put(record(runId, crew, crewId, inputs, startedAt))
          .then(() => get().refreshHistory())
          .catch((e: Error) => get().toast(`Run not saved: ${e.message}`, "error"));
        handle = deps.runner(
          {
            runId,
            crew,
            inputs,
            endpoints: s.endpoints,
            defaultEndpoint: s.defaultEndpoint ?? s.endpoints[0]?.id ?? "",
            prices: s.prices,
            ...(restore ? { restore } : {}),
          },
          {
            onEvents(events) {
              if (live.run?.runId !== runId) return;
              const view = foldBatch(live.run, events, crew);
              updateLive({ run: view, runEvents: live.runEvents.concat(events) });
              const paused = view.paused;
              if (get().liveRun?.paused !== paused) set({ liveRun: { runId, crewId, crewName: crew.name, paused } });
            },
            onWarning(message) {
              get().toast(message, "error");
            },
            onReview(task, output) {
              // The run waits for the person: bring the review in front of them.
              set({ review: { task, output }, sidePanel: "run" });
            },
            onDone(result) {
              handle = null;
              const view =
                live.run?.runId === runId && live.run.status === "running"
                  ? {
                      ...live.run,
                      status: result.status,
                      endedAt: live.run.endedAt ?? deps.now(),
                      ...(result.error ? { error: result.error } : {}),
                    }
                  : live.run;
              updateLive({ runFiles: result.files, ...(view ? { run: view } : {}) });
              set({ review: null, liveRun: null });
              void Promise.resolve(deps.runs?.put(record(runId, crew, crewId, inputs, startedAt, view ?? undefined, result.status)))
                .then(() => get().refreshHistory())
                .catch(() => undefined);
              if (result.status === "failed") get().toast(`Run failed: ${result.error ?? "unknown error"}`, "error");
            },
            onInvalid(messages) {
              handle = null;
              live = NOTHING_SHOWN;
              set({ ...NOTHING_SHOWN, liveRun: null });
              void deps.runs
                ?.remove(runId)
                .then(() => get().refreshHistory())
                .catch(() => undefined);
              get().toast(`Cannot run: ${messages[0] ?? "the crew is not valid"}`, "error");
            },
          },
        );
        return null;
      },
      stopRun() {
        handle?.stop("stopped by you");
      },
      pauseRun() {
        handle?.pause();
      },
      resumeRun() {
        handle?.resume();
      },
      answerReview(verdict) {
        const review = get().review;
        if (!review) return;
        set({ review: null });
        handle?.review(review.task.id, verdict);
      },
      showLive() {
        set({ ...live });
      },
      clearRun() {
        if (get().liveRun) return;
        live = NOTHING_SHOWN;
        set({ ...NOTHING_SHOWN });
      },
    };
  };
}
