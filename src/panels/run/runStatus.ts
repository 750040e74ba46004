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
