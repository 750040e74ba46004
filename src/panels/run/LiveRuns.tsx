import { costOf, formatCost, type LiveRun, useApp, useAppShallow, useAppStore } from "../../store";
import { formatCount, formatMs } from "../console/format";
import { useTicker } from "./useTicker";

/** How a run in progress reads in lists. */
export function liveRunStatus(run: Pick<LiveRun, "paused" | "reviewing">): "review" | "paused" | "running" {
  return run.reviewing ? "review" : run.paused ? "paused" : "running";
}

const STATUS_TEXT = { running: "running", paused: "paused", review: "needs review" } as const;

/** Every run going in this tab, whichever crew it belongs to: status, elapsed time and tokens as they grow. */
export function LiveRuns() {
  const runs = useAppShallow((s) => Object.values(s.liveRuns));
  const now = useTicker(runs.length > 0);
  if (runs.length === 0) return null;
  return (
    <section className="live-runs" aria-label="Running now">
      <h3 className="panel-subtitle">Running now</h3>
      <ul className="live-runs__list">
        {[...runs]
          .sort((a, b) => a.startedAt - b.startedAt)
          .map((run) => (
            <LiveRunRow key={run.runId} run={run} now={now} />
          ))}
      </ul>
    </section>
  );
}

function LiveRunRow({ run, now }: { run: LiveRun; now: number }) {
  const store = useAppStore();
  const openHere = useApp((s) => s.crewId === run.crewId);
  const shown = useApp((s) => s.run?.runId === run.runId && s.runMode === "live");
  const prices = useApp((s) => s.prices);
  const status = liveRunStatus(run);
  const fail = (e: Error) => store.getState().toast(e.message, "error");
  return (
    <li className="live-runs__row" data-live-run={run.runId} data-crew={run.crewName} data-status={status}>
      <strong className="live-runs__crew">{run.crewName}</strong>
      {run.batch && (
        <span className="live-runs__batch">
          row {run.batch.row} of {run.batch.size}
        </span>
      )}
      <span className={`badge run-status run-status--${status === "running" ? "running" : "waiting"}`}>{STATUS_TEXT[status]}</span>
      <span className="live-runs__meta">
        <span data-elapsed>{formatMs(now - run.startedAt)}</span> ·{" "}
        <span data-tokens={run.totalTokens}>{formatCount(run.totalTokens)} tokens</span>
        {run.usageByModel ? ` · ${formatCost(costOf(run.usageByModel, prices))}` : ""}
      </span>
      {!openHere ? (
        <button
          type="button"
          className="button button--small"
          aria-label={`Open ${run.crewName}`}
          onClick={() =>
            void store
              .getState()
              .openCrew(run.crewId ?? "")
              .catch(fail)
          }
        >
          Open
        </button>
      ) : shown ? (
        <span className="live-runs__shown">shown</span>
      ) : (
        <button type="button" className="button button--small" onClick={() => store.getState().showRun(run.runId)}>
          Show
        </button>
      )}
    </li>
  );
}
