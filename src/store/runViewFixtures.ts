import type { RunEvent, RunEventType } from "../engine/events";
import type { ChatRequest } from "../engine/ports";
import { stepOf } from "../engine/testing/rig";
import type { Crew } from "../model";
import { emptyRunView, foldEvent } from "./runView";
import type { RunView } from "./runViewTypes";

// Helpers for the run view tests (test-only).

/** Folds events one by one, deep-freezing every view so any in-place change would throw. */
export function snapshots(events: readonly RunEvent[], crew: Crew): RunView[] {
  let view = freeze(emptyRunView(events[0]?.runId ?? "run", events[0]?.ts ?? 0));
  return events.map((event) => {
    view = freeze(foldEvent(view, event, crew));
    return view;
  });
}

export function freeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  }
  return value;
}

/** The consecutive distinct statuses a node went through (idle before it is mentioned). */
export function history(views: RunView[], id: string): string[] {
  const out: string[] = ["idle"];
  for (const v of views) {
    const status = v.nodes[id]?.status ?? "idle";
    if (out.at(-1) !== status) out.push(status);
  }
  return out;
}

/** The view right after the nth (0-based) event of a type (for a task when given). */
export function viewAfter(events: readonly RunEvent[], views: RunView[], type: RunEventType, taskId?: string, nth = 0): RunView {
  const hits = events.flatMap((e, i) => (e.type === type && (taskId === undefined || ("taskId" in e && e.taskId === taskId)) ? [i] : []));
  const index = hits[nth];
  if (index === undefined) throw new Error(`no ${type} #${nth} ${taskId ?? ""}`);
  return views[index] as RunView;
}

export const answer = (request: ChatRequest) => `output of step ${stepOf(request)}`;
