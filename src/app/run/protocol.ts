import type { HumanVerdict, RunEvent } from "../../engine";
import type { Task } from "../../model";
import type { RunRequest } from "../../store";

/** Messages from the page to the engine worker. */
export type ToWorker =
  | ({ type: "start"; dbName?: string } & RunRequest)
  | { type: "cancel"; reason: string }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "review"; taskId: string; verdict: HumanVerdict };

/** Messages from the engine worker to the page. */
export type FromWorker =
  | { type: "events"; events: RunEvent[] }
  | { type: "review"; task: Task; output: string }
  | { type: "done"; status: "completed" | "failed" | "cancelled"; error?: string; files: Record<string, string> }
  | { type: "invalid"; messages: string[] }
  | { type: "crash"; message: string }
  | { type: "warning"; message: string };
