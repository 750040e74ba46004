import type { StateCreator } from "zustand";
import type { RunEvent } from "../engine/events";
import type { HumanVerdict } from "../engine/ports";
import { type Crew, findPlaceholders, validateCrew } from "../model";
import { type BatchSlice, createBatchSlice, type LaunchSpec, type RunLauncher } from "./batchSlice";
import { NO_ENDPOINT_BLOCKER, needsEndpoint } from "./modelsSlice";
import { type LiveRun, pickShown, type ReviewRequest, type RunEntry, recordOf, summaryOf } from "./runEntries";
import type { ForkRequest } from "./runnerPort";
import { emptyRunView, foldBatch } from "./runView";
import type { RunView } from "./runViewTypes";
import type { AppState, StoreDeps } from "./types";

export type { BatchPlace, LiveRun, ReviewRequest } from "./runEntries";
export type { ForkRequest, RunHandle, Runner, RunnerCallbacks, RunRequest } from "./runnerPort";

/** What the canvas, console and timeline show: a run of the open crew (going or last finished), or a saved run being replayed. */
export interface ShownRun {
  run: RunView | null;
  runEvents: RunEvent[];
  runCrew: Crew | null;
  runCrewId: string | null;
  runFiles: Record<string, string>;
  runMode: "live" | "replay";
}

/** The run slice: every run going in the tab, and the one shown for the open crew, folded from its events. */
export interface RunSlice extends ShownRun, BatchSlice {
  /** Every run going in this tab, by run id: runs of several crews and the rows of a batch go at once. */
  liveRuns: Record<string, LiveRun>;
  /** The run going in the open crew that the canvas shows (Pause, Resume and Stop act on it), or null. */
  liveRun: LiveRun | null;
  /** The review the shown run waits for. */
  review: ReviewRequest | null;
  /** Problems that stop a run before it starts (graph problems, missing inputs, no endpoint); empty when it can start. */
  runBlockers(inputs: Record<string, string>): string[];
  /** Starts a run of the open crew (a fork when `restore` is given); returns why it cannot, or null. */
  startRun(inputs: Record<string, string>, restore?: ForkRequest): string | null;
  /** Stops the shown run (the whole batch, for a row of a batch). */
  stopRun(): void;
  pauseRun(): void;
  resumeRun(): void;
  answerReview(verdict: HumanVerdict): void;
  /** Shows a run going in the open crew (a row of a batch) on the canvas, console and timeline. */
  showRun(runId: string): void;
  /** Shows the open crew's run again (after a replay, or another crew was opened), or nothing when it has none. */
  showLive(): void;
  clearRun(): void;
}

const NOTHING_SHOWN: ShownRun = { run: null, runEvents: [], runCrew: null, runCrewId: null, runFiles: {}, runMode: "live" };

/** Creates the run slice over the injected runner and run repository. */
export function createRunSlice(deps: StoreDeps): StateCreator<AppState, [], [], RunSlice> {
  return (set, get, api) => {
    const entries = new Map<string, RunEntry>();
    /** By crew id: the run shown last (kept in memory so opening the crew again shows it at once). */
    const lastShown = new Map<string | null, string>();
    /** By crew id: a run going that the person chose to watch. */
    const pinned = new Map<string | null, string>();
    /** The entry whose view is in the shown fields while runMode is "live". */
    let shownId: string | null = null;

    const going = (crewId: string | null) => [...entries.values()].find((e) => !e.done && e.crewId === crewId);
    const shownGoing = () => {
      const entry = entries.get(get().liveRun?.runId ?? "");
      return entry && !entry.done ? entry : undefined;
    };
    /** The liveRuns field when a summary changed, else nothing. */
    const liveRunsPatch = (): Partial<AppState> => {
      const next: Record<string, LiveRun> = {};
      for (const e of entries.values()) if (!e.done) next[e.runId] = e.summary;
      const prev = get().liveRuns;
      const ids = Object.keys(next);
      return ids.length !== Object.keys(prev).length || ids.some((id) => prev[id] !== next[id]) ? { liveRuns: next } : {};
    };
    const publish = () => {
      const patch = liveRunsPatch();
      if (patch.liveRuns) set(patch);
    };
    const forget = () => {
      const keep = new Set(lastShown.values());
      for (const [id, e] of entries) if (e.done && !keep.has(id)) entries.delete(id);
    };
    /** Puts the open crew's run (see pickShown) in the shown fields; a replay keeps the canvas until it closes. */
    const refreshShown = () => {
      const s = get();
      const entry = pickShown(entries.values(), s.crewId, pinned.get(s.crewId), lastShown.get(s.crewId));
      if (entry) lastShown.set(entry.crewId, entry.runId);
      forget();
      const live = entry && !entry.done ? entry : null;
      const patch: Partial<AppState> = { liveRun: live?.summary ?? null, review: live?.review ?? null };
      if (s.runMode === "live") {
        // Events of a run not shown were appended in place: hand the views a new array.
        if (entry && s.runEvents !== entry.events) entry.events = entry.events.slice();
        Object.assign(
          patch,
          entry
            ? {
                run: entry.view,
                runEvents: entry.events,
                runCrew: entry.crew,
                runCrewId: entry.crewId,
                runFiles: entry.files,
                runMode: "live",
              }
            : NOTHING_SHOWN,
        );
        shownId = entry?.runId ?? null;
      }
      set(patch);
    };
    /** The list fields an entry's summary changes (none when it did not change), to go out with the caller's own set. */
    const touchPatch = (entry: RunEntry): Partial<AppState> => {
      const summary = summaryOf(entry);
      if (summary === entry.summary) return {};
      entry.summary = summary;
      return { ...liveRunsPatch(), ...(get().liveRun?.runId === entry.runId ? { liveRun: summary } : {}) };
    };
    const touch = (entry: RunEntry) => {
      const patch = touchPatch(entry);
      if (Object.keys(patch).length > 0) set(patch);
    };

    const launch: RunLauncher["launch"] = (spec: LaunchSpec, onSettled) => {
      const runner = deps.runner;
      if (!runner) throw new Error("runSlice.launch: no runner on this store");
      const s = get();
      const runId = deps.newId();
      const startedAt = deps.now();
      const base = {
        runId,
        crewId: spec.crewId,
        crew: spec.crew,
        inputs: spec.inputs,
        startedAt,
        view: emptyRunView(runId, startedAt),
        events: [],
        files: {},
        handle: null,
        review: null,
        ...(spec.batch ? { batch: spec.batch } : {}),
        done: false,
      };
      const entry: RunEntry = { ...base, summary: summaryOf(base) };
      entries.set(runId, entry);
      publish();
      if (spec.crewId === s.crewId) refreshShown();
      void deps.runs
        ?.put(recordOf(entry))
        .then(() => get().refreshHistory())
        .catch((e: Error) => get().toast(`Run not saved: ${e.message}`, "error"));
      const isShown = () => shownId === runId && get().runMode === "live";
      const ended = () => {
        entry.done = true;
        entry.handle = null;
        entry.review = null;
        if (pinned.get(entry.crewId) === runId) pinned.delete(entry.crewId);
      };
      entry.handle = runner(
        {
          runId,
          crewId: spec.crewId,
          crew: spec.crew,
          inputs: spec.inputs,
          endpoints: s.endpoints,
          defaultEndpoint: s.defaultEndpoint ?? s.endpoints[0]?.id ?? "",
          prices: s.prices,
          ...(spec.restore ? { restore: spec.restore } : {}),
        },
        {
          onEvents(events) {
            if (entry.done) return;
            // Runs not shown are folded too (once per batch of events), so opening their crew shows them at once.
            entry.view = foldBatch(entry.view, events, entry.crew);
            // One set per batch: every set runs every selector on the page (a few per node on a big canvas).
            const patch = touchPatch(entry);
            if (isShown()) {
              entry.events = entry.events.concat(events);
              set({ ...patch, run: entry.view, runEvents: entry.events });
            } else {
              for (const e of events) entry.events.push(e);
              if (Object.keys(patch).length > 0) set(patch);
            }
          },
          onWarning(message) {
            get().toast(message, "error");
          },
          onReview(task, output) {
            entry.review = { task, output };
            touch(entry);
            if (entry.crewId === get().crewId) {
              refreshShown();
              // The run waits for the person: bring the review in front of them.
              set({ sidePanel: "run" });
            } else
              get().toast(`“${entry.crew.name}” waits for your review`, "info", {
                label: "Open",
                run: () =>
                  void get()
                    .openCrew(entry.crewId ?? "")
                    .catch((e: Error) => get().toast(e.message, "error")),
              });
          },
          onDone(result) {
            ended();
            if (entry.view.status === "running")
              entry.view = {
                ...entry.view,
                status: result.status,
                endedAt: entry.view.endedAt ?? deps.now(),
                ...(result.error ? { error: result.error } : {}),
              };
            entry.files = result.files;
            if (isShown()) set({ run: entry.view, runFiles: entry.files });
            // The crew's last run to end is the one its canvas keeps showing.
            if (!going(entry.crewId)) lastShown.set(entry.crewId, runId);
            publish();
            if (entry.crewId === get().crewId) refreshShown();
            else forget();
            void Promise.resolve(deps.runs?.put(recordOf(entry, result.status, entry.view)))
              .then(() => get().refreshHistory())
              .catch(() => undefined);
            if (result.status === "failed" && !entry.batch)
              get().toast(
                `Run${entry.crewId === get().crewId ? "" : ` of “${entry.crew.name}”`} failed: ${result.error ?? "unknown error"}`,
                "error",
              );
            onSettled?.(result.status, result.error);
          },
          onInvalid(messages) {
            ended();
            entries.delete(runId);
            for (const [crewId, id] of lastShown) if (id === runId) lastShown.delete(crewId);
            publish();
            if (entry.crewId === get().crewId) refreshShown();
            void deps.runs
              ?.remove(runId)
              .then(() => get().refreshHistory())
              .catch(() => undefined);
            const message = messages[0] ?? "the crew is not valid";
            if (!entry.batch) get().toast(`Cannot run: ${message}`, "error");
            onSettled?.("invalid", message);
          },
        },
      );
      return runId;
    };
    const launcher: RunLauncher = {
      launch,
      control: (runId) => entries.get(runId)?.handle ?? null,
      busy: (crewId) => going(crewId)?.crew.name ?? null,
    };

    return {
      ...NOTHING_SHOWN,
      ...createBatchSlice(deps, launcher)(set, get, api),
      liveRuns: {},
      liveRun: null,
      review: null,
      runBlockers(inputs) {
        const { crew, endpoints } = get();
        const blockers = validateCrew(crew).map((p) => p.message);
        for (const name of findPlaceholders(crew)) if (!(inputs[name] ?? "").trim()) blockers.push(`no value for {${name}}`);
        const inBrowser = crew.agents.filter((a) => crew.llms.find((l) => l.id === (a.llm ?? crew.defaultLlm))?.provider === "webllm");
        // Only a checked verdict blocks: unchecked, the run's worker checks WebGPU itself and explains a failure.
        const support = get().modelSupport;
        if (inBrowser.length && support && !support.available)
          blockers.push(
            `in-browser models cannot run in this browser (${support.reason ?? "no WebGPU"}): ${inBrowser.map((a) => a.role.trim() || a.id).join(", ")} use one`,
          );
        if (endpoints.length === 0 && needsEndpoint(crew, get().deviceModel)) blockers.push(NO_ENDPOINT_BLOCKER);
        return blockers;
      },
      startRun(inputs, restore) {
        const s = get();
        if (!deps.runner) return "running is not available here";
        const busy = launcher.busy(s.crewId);
        if (busy) return `a run of “${busy}” is going; stop it first`;
        const blockers = s.runBlockers(inputs);
        if (blockers.length) return blockers[0] ?? null;
        const dock = get().dock;
        if (!dock.open || dock.tab === "history" || dock.tab === "batch") get().setDock({ open: true, tab: "console" });
        get().closeReplay();
        launch({ crew: s.crew, crewId: s.crewId, inputs, ...(restore ? { restore } : {}) });
        return null;
      },
      stopRun() {
        const entry = shownGoing();
        if (entry?.batch) get().stopBatch(entry.batch.id);
        else entry?.handle?.stop("stopped by you");
      },
      pauseRun() {
        const entry = shownGoing();
        if (entry?.batch) get().pauseBatch(entry.batch.id);
        else entry?.handle?.pause();
      },
      resumeRun() {
        const entry = shownGoing();
        if (entry?.batch) get().resumeBatch(entry.batch.id);
        else entry?.handle?.resume();
      },
      answerReview(verdict) {
        const entry = shownGoing();
        const review = entry?.review;
        if (!entry || !review) return;
        entry.review = null;
        touch(entry);
        set({ review: null });
        entry.handle?.review(review.task.id, verdict);
        // Another run of this crew may be waiting for a review too.
        refreshShown();
      },
      showRun(runId) {
        const entry = entries.get(runId);
        if (!entry || entry.done || entry.crewId !== get().crewId) return;
        pinned.set(entry.crewId, runId);
        if (get().replay) get().closeReplay();
        else refreshShown();
      },
      showLive() {
        refreshShown();
      },
      clearRun() {
        if (get().liveRun) return;
        lastShown.delete(get().crewId);
        refreshShown();
      },
    };
  };
}
