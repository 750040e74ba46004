import type { HumanVerdict, RunEvent } from "../../engine";
import type { Crew, Endpoint, Task } from "../../model";

/** Messages from the page to the engine worker. */
export type ToWorker =
  | { type: "start"; runId: string; crew: Crew; inputs: Record<string, string>; endpoints: Endpoint[]; defaultEndpoint: string }
  | { type: "cancel"; reason: string }
  | { type: "review"; taskId: string; verdict: HumanVerdict };

/** Messages from the engine worker to the page. */
export type FromWorker =
  | { type: "events"; events: RunEvent[] }
  | { type: "review"; task: Task; output: string }
  | { type: "done"; status: "completed" | "failed" | "cancelled"; error?: string; files: Record<string, string> }
  | { type: "invalid"; messages: string[] }
  | { type: "crash"; message: string };
