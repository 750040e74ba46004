import type { RunEvent, TaskOutput } from "../engine/events";
import type { HumanVerdict } from "../engine/ports";
import type { Crew, Endpoint, Task } from "../model";
import type { PriceTable } from "./cost";

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
  /** The saved crew's id (null before its first save): memory and knowledge are scoped by it, as a name can change. */
  crewId: string | null;
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
 * injected by the composition root. The store saves the run's summary record. Several runs may go at once.
 */
export type Runner = (request: RunRequest, callbacks: RunnerCallbacks) => RunHandle;
