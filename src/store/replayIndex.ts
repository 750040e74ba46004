import type { RunEvent } from "../engine/events";
import type { Crew } from "../model";
import { emptyRunView, foldEvent } from "./runView";
import { ViewDraft } from "./runViewDraft";
import { endRun } from "./runViewSteps";
import type { RunView } from "./runViewTypes";

/** How many events apart the kept views are: scrubbing anywhere folds at most this many events. */
const CHECKPOINT_EVERY = 256;

/**
 * Views of a saved run at any event, for replay. Views are immutable, so one is kept every CHECKPOINT_EVERY events
 * and a seek folds forward from the nearest one before it instead of from the start.
 */
export class ReplayIndex {
  private readonly checkpoints: RunView[] = [];

  constructor(
    readonly events: readonly RunEvent[],
    readonly crew: Crew,
    /** A saved run whose tab closed mid-run: its last view shows that instead of work still going. */
    private readonly interrupted = false,
  ) {
    const first = events[0];
    if (!first) throw new Error("ReplayIndex: the run has no events to replay");
    this.checkpoints.push(emptyRunView(first.runId, first.ts));
  }

  /** The view after the event at `index` (0-based; clamped to the log); -1 is the view before any event. */
  viewAt(index: number): RunView {
    const last = Math.min(Math.max(index, -1), this.events.length - 1);
    // checkpoints[k] is the view after the first k*CHECKPOINT_EVERY events.
    let k = Math.min(Math.floor((last + 1) / CHECKPOINT_EVERY), this.checkpoints.length - 1);
    let view = this.checkpoints[k] as RunView;
    for (let i = k * CHECKPOINT_EVERY; i <= last; i++) {
      view = foldEvent(view, this.events[i] as RunEvent, this.crew);
      if ((i + 1) % CHECKPOINT_EVERY === 0 && (i + 1) / CHECKPOINT_EVERY === this.checkpoints.length) {
        this.checkpoints.push(view);
        k++;
      }
    }
    return this.interrupted && last === this.events.length - 1 && view.status === "running" ? interruptedView(view, this.crew) : view;
  }
}

function interruptedView(view: RunView, crew: Crew): RunView {
  const d = new ViewDraft(view, crew);
  const end = view.spans.reduce((t, s) => Math.max(t, s.end ?? s.start), view.startedAt);
  endRun(d, end, ["running", "waiting", "queued"], "cancelled");
  return d.build({ status: "interrupted", endedAt: end, error: "the tab closed before the run ended" });
}
