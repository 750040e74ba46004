import type { RunEvent } from "../engine/events";
import { type Crew, type RunRecord, scrubSecrets, type Task } from "../model";
import type { RunHandle } from "./runnerPort";
import { RUN_USAGE_KEY, type RunView, type UsageByModel } from "./runViewTypes";

/** A task waiting for the person's review. */
export interface ReviewRequest {
  task: Task;
  output: string;
}

/** Where a run sits in a batch: the batch, its row (1 for the first) and how many rows the batch has. */
export interface BatchPlace {
  id: string;
  row: number;
  size: number;
}

/** What lists show about a run in progress in this tab (the crew list, History, the batch summary). */
export interface LiveRun {
  runId: string;
  crewId: string | null;
  crewName: string;
  paused: boolean;
  startedAt: number;
  totalTokens: number;
  usageByModel?: UsageByModel;
  /** True while a task of the run waits for the person's review. */
  reviewing: boolean;
  batch?: BatchPlace;
}

/** A run started in this tab, kept in memory while it goes (and while it is the last run shown for its crew). */
export interface RunEntry {
  runId: string;
  crewId: string | null;
  crew: Crew;
  inputs: Record<string, string>;
  startedAt: number;
  view: RunView;
  /** Appended in place while the run is not shown; replaced by a new array for every batch while it is. */
  events: RunEvent[];
  files: Record<string, string>;
  handle: RunHandle | null;
  review: ReviewRequest | null;
  batch?: BatchPlace;
  done: boolean;
  summary: LiveRun;
}

/** The summary of an entry; the previous object when nothing it shows changed (so list rows do not redraw). */
export function summaryOf(entry: Omit<RunEntry, "summary"> & { summary?: LiveRun }): LiveRun {
  const prev = entry.summary;
  const usageByModel = entry.view.nodeUsage[RUN_USAGE_KEY];
  const next: LiveRun = {
    runId: entry.runId,
    crewId: entry.crewId,
    crewName: entry.crew.name,
    paused: entry.view.paused,
    startedAt: entry.startedAt,
    totalTokens: entry.view.usage.totalTokens,
    ...(usageByModel ? { usageByModel } : {}),
    reviewing: entry.review !== null,
    ...(entry.batch ? { batch: entry.batch } : {}),
  };
  const same =
    prev &&
    prev.paused === next.paused &&
    prev.totalTokens === next.totalTokens &&
    prev.reviewing === next.reviewing &&
    prev.usageByModel === next.usageByModel;
  return same ? prev : next;
}

/**
 * The run the canvas shows for a crew: a run the person asked to see while it goes, else the newest one waiting for
 * a review, else the newest one going, else the last one shown (finished).
 */
export function pickShown(entries: Iterable<RunEntry>, crewId: string | null, pinned?: string, last?: string): RunEntry | null {
  const mine = [...entries].filter((e) => e.crewId === crewId);
  const going = mine.filter((e) => !e.done).sort((a, b) => b.startedAt - a.startedAt);
  return (
    going.find((e) => e.runId === pinned) ?? going.find((e) => e.review !== null) ?? going[0] ?? mine.find((e) => e.runId === last) ?? null
  );
}

/** The run's history record: its summary and the crew as it ran, without anything that looks like a credential. */
export function recordOf(entry: RunEntry, status: RunRecord["status"] = "running", view?: RunView | null): RunRecord {
  const answer = view ? entry.events.findLast((e) => e.type === "run.completed") : undefined;
  return {
    id: entry.runId,
    crewId: entry.crewId ?? "",
    crewName: entry.crew.name,
    startedAt: entry.startedAt,
    status,
    totalTokens: view?.usage.totalTokens ?? 0,
    crew: scrubSecrets(entry.crew),
    inputs: entry.inputs,
    ...(view?.endedAt ? { endedAt: view.endedAt } : {}),
    ...(view?.nodeUsage[RUN_USAGE_KEY] ? { usageByModel: view.nodeUsage[RUN_USAGE_KEY] } : {}),
    ...(view?.forkOf ? { forkOf: view.forkOf } : {}),
    ...(entry.batch ? { batch: entry.batch } : {}),
    ...(answer?.type === "run.completed" ? { output: answer.output } : {}),
    ...(view?.error ? { error: view.error } : {}),
  };
}
