import type { RunView } from "../../store";

/** How each run status reads in the UI. */
export const RUN_STATUS_TEXT: Record<RunView["status"], string> = {
  running: "Running",
  completed: "Done",
  failed: "Failed",
  cancelled: "Stopped",
  interrupted: "Interrupted",
};

/** The status line of a run: "Paused" while paused, else its status. */
export function runStatusText(run: Pick<RunView, "status" | "paused">): string {
  return run.status === "running" && run.paused ? "Paused" : RUN_STATUS_TEXT[run.status];
}

/** A saved or live run's status in a list row (lower case, with the live states a record alone does not have). */
export const RUN_ROW_STATUS: Record<RunView["status"] | "paused" | "review", string> = {
  running: "running",
  paused: "paused",
  review: "needs review",
  completed: "done",
  failed: "failed",
  cancelled: "stopped",
  interrupted: "interrupted",
};
