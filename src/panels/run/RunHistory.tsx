import { memo, useState } from "react";
import { type RunRecord, taskTitle } from "../../model";
import { costOf, formatCost, useApp, useAppStore } from "../../store";
import { formatCount, formatMs } from "../console/format";
import { downloadText } from "./download";
import { LiveRuns, liveRunStatus } from "./LiveRuns";
import { RUN_ROW_STATUS } from "./runStatus";
import { useTicker } from "./useTicker";

/**
 * Every run going in this tab (any crew), then the open crew's saved runs, newest first: replay, re-run from a
 * task, export or delete each.
 */
export function RunHistory() {
  const history = useApp((s) => s.history);
  return (
    <>
      <LiveRuns />
      {history.length === 0 ? (
        <p className="panel-empty">No runs of this crew yet. Every run is saved here as it happens, so you can replay it later.</p>
      ) : (
        <ul className="run-history" aria-label="Run history">
          {history.map((run) => (
            <HistoryRow key={run.id} run={run} />
          ))}
        </ul>
      )}
    </>
  );
}

const HistoryRow = memo(function HistoryRow({ run }: { run: RunRecord }) {
  const store = useAppStore();
  const replaying = useApp((s) => s.replay?.record.id === run.id);
  // A run still going shows its progress from memory (the saved record is only written at its start and end).
  const progress = useApp((s) => s.liveRuns[run.id]);
  const live = progress !== undefined;
  const now = useTicker(live);
  const prices = useApp((s) => s.prices);
  const tasks = useApp((s) => s.crew.tasks);
  const sequential = useApp((s) => s.crew.process === "sequential");
  const [busy, setBusy] = useState(false);
  const fail = (e: Error) => store.getState().toast(e.message, "error");
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    void work()
      .catch(fail)
      .finally(() => setBusy(false));
  };
  const duration = run.endedAt ? formatMs(run.endedAt - run.startedAt) : live ? formatMs(now - run.startedAt) : "–";
  const usageByModel = progress?.usageByModel ?? run.usageByModel;
  const cost = usageByModel ? formatCost(costOf(usageByModel, prices)) : "";
  const status = progress ? liveRunStatus(progress) : run.status;
  const fork = (taskId: string) =>
    act(async () => {
      const reason = await store.getState().forkRun(run.id, taskId);
      if (reason) store.getState().toast(`Cannot re-run: ${reason}`, "error");
    });
  return (
    <li className={`run-history__row${replaying ? " is-current" : ""}`} data-run={run.id} data-status={run.status}>
      <div className="run-history__head">
        <span className={`badge run-status run-status--${status === "review" || status === "paused" ? "waiting" : status}`}>
          {RUN_ROW_STATUS[status]}
        </span>
        <time dateTime={new Date(run.startedAt).toISOString()}>{new Date(run.startedAt).toLocaleString()}</time>
      </div>
      <div className="run-history__meta">
        {duration} · {formatCount(progress?.totalTokens ?? run.totalTokens)} tokens{cost ? ` · ${cost}` : ""}
        {run.batch && (
          <span>
            {" "}
            · batch row {run.batch.row} of {run.batch.size}
          </span>
        )}
        {run.forkOf && (
          <span title={`Outputs before ${run.forkOf.taskId} came from run ${run.forkOf.runId}`}> · re-run from {run.forkOf.taskId}</span>
        )}
      </div>
      {!progress && run.error && run.status !== "completed" && (
        <div className="run-history__error" title={run.error}>
          {run.error}
        </div>
      )}
      <div className="button-row run-history__actions">
        <button
          type="button"
          className="button button--small"
          disabled={busy || live}
          onClick={() => act(() => store.getState().openReplay(run.id))}
        >
          {replaying ? "Replaying" : "Replay"}
        </button>
        <select
          className="field__input run-history__fork"
          aria-label={`Re-run from a task of the run of ${new Date(run.startedAt).toLocaleString()}`}
          value=""
          disabled={busy || live || tasks.length < 2 || !sequential}
          title={
            sequential
              ? "Run again from a task, with the outputs before it taken from this run"
              : "Only sequential crews can re-run from a task"
          }
          onChange={(e) => e.target.value && fork(e.target.value)}
        >
          <option value="">Re-run from…</option>
          {tasks.slice(1).map((t) => (
            <option key={t.id} value={t.id}>
              {taskTitle(t)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() =>
            act(async () => {
              const file = await store.getState().exportRun(run.id);
              downloadText(file.fileName, file.json);
            })
          }
        >
          Export
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy || live}
          aria-label={`Delete run of ${new Date(run.startedAt).toLocaleString()}`}
          onClick={() => act(() => store.getState().deleteRun(run.id))}
        >
          Delete
        </button>
      </div>
    </li>
  );
});
