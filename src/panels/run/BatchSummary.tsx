import { memo, useMemo, useState } from "react";
import { type BatchRowView, type BatchView, batchViews, costOf, formatCost, type PriceTable, useApp, useAppStore } from "../../store";
import { formatCount, formatMs, preview } from "../console/format";
import { RUN_ROW_STATUS } from "./runStatus";
import { useTicker } from "./useTicker";

const ROW_STATUS: Record<BatchRowView["status"], string> = { ...RUN_ROW_STATUS, queued: "queued", "not run": "not run" };
const GOING = new Set<BatchRowView["status"]>(["running", "paused", "review"]);

/**
 * The open crew's batches: a row per input (status, output, tokens, cost, time) with totals, each row linked to its
 * run. Built from the saved runs of the batch, so it is there again after a reload.
 */
export function BatchSummary() {
  const crewId = useApp((s) => s.crewId);
  const history = useApp((s) => s.history);
  const batches = useApp((s) => s.batches);
  const liveRuns = useApp((s) => s.liveRuns);
  const prices = useApp((s) => s.prices);
  const going = Object.values(batches).some((b) => b.crewId === crewId && b.status === "running");
  const now = useTicker(going);
  const views = useMemo(() => batchViews(crewId, history, batches, liveRuns, now), [crewId, history, batches, liveRuns, now]);
  const [chosen, setChosen] = useState<string | null>(null);
  const view = views.find((v) => v.id === chosen) ?? views[0];
  if (!view)
    return (
      <p className="panel-empty">No batches of this crew yet. In the Run dialog, choose Batch to run the crew once per row of inputs.</p>
    );
  return (
    <section className="batch" aria-label="Batch summary" data-batch={view.id} data-state={view.state}>
      <BatchHead view={view} views={views} onChoose={setChosen} />
      <table className="batch__table" aria-label="Batch rows">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Inputs</th>
            <th scope="col">Status</th>
            <th scope="col">Output</th>
            <th scope="col">Tokens</th>
            <th scope="col">Cost</th>
            <th scope="col">Time</th>
            <th scope="col">
              <span className="visually-hidden">Run</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <BatchRow key={row.row} row={row} prices={prices} now={now} />
          ))}
        </tbody>
        <tfoot>
          <tr className="batch__total">
            <th scope="row" colSpan={4}>
              Total: {view.rows.length} rows
            </th>
            <td data-total="tokens">{formatCount(view.totalTokens)}</td>
            <td>{formatCost(costOf(view.usageByModel, prices))}</td>
            <td>{formatMs(view.durationMs)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function BatchHead({ view, views, onChoose }: { view: BatchView; views: BatchView[]; onChoose: (id: string) => void }) {
  const store = useAppStore();
  const tally = Object.entries(view.counts)
    .map(([status, n]) => `${n} ${ROW_STATUS[status as BatchRowView["status"]]}`)
    .join(" · ");
  const state = { running: view.paused ? "Paused" : "Running", done: "Done", stopped: "Stopped", ended: "Ended" }[view.state];
  return (
    <header className="batch__head">
      {views.length > 1 ? (
        <select className="field__input batch__pick" aria-label="Batch" value={view.id} onChange={(e) => onChoose(e.target.value)}>
          {views.map((v) => (
            <option key={v.id} value={v.id}>
              Batch of {new Date(v.startedAt).toLocaleString()} ({v.rows.length} rows)
            </option>
          ))}
        </select>
      ) : (
        <span>Batch of {new Date(view.startedAt).toLocaleString()}</span>
      )}
      <strong className="batch__state">{state}</strong>
      <span className="batch__tally">{tally}</span>
      {view.state === "running" && (
        <span className="button-row">
          <button
            type="button"
            className="button button--small"
            onClick={() => (view.paused ? store.getState().resumeBatch(view.id) : store.getState().pauseBatch(view.id))}
          >
            {view.paused ? "Resume batch" : "Pause batch"}
          </button>
          <button type="button" className="button button--small button--danger" onClick={() => store.getState().stopBatch(view.id)}>
            Stop batch
          </button>
        </span>
      )}
    </header>
  );
}

const BatchRow = memo(function BatchRow({ row, prices, now }: { row: BatchRowView; prices: PriceTable; now: number }) {
  const store = useAppStore();
  const shown = useApp((s) => row.runId !== null && s.run?.runId === row.runId);
  const going = GOING.has(row.status);
  const inputs = Object.entries(row.inputs)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const open = () => {
    const runId = row.runId;
    if (!runId) return;
    if (going) store.getState().showRun(runId);
    else
      void store
        .getState()
        .openReplay(runId)
        .catch((e: Error) => store.getState().toast(e.message, "error"));
  };
  return (
    <tr data-row={row.row} data-status={row.status} data-run={row.runId ?? undefined} className={shown ? "is-current" : undefined}>
      <td>{row.row}</td>
      <td className="batch__inputs" title={inputs}>
        {inputs || "–"}
      </td>
      <td>
        <span className={`badge run-status run-status--${going ? "running" : row.status}`}>{ROW_STATUS[row.status]}</span>
      </td>
      <td className="batch__output">
        {row.output ? (
          <details>
            <summary>{preview(row.output, 160)}</summary>
            <pre className="node-run__pre">{row.output}</pre>
          </details>
        ) : (
          <span className="batch__none">{row.error ?? (going ? "…" : "–")}</span>
        )}
      </td>
      <td>{formatCount(row.totalTokens)}</td>
      <td>{row.usageByModel ? formatCost(costOf(row.usageByModel, prices)) : "–"}</td>
      <td>{row.startedAt !== undefined ? formatMs((row.endedAt ?? now) - row.startedAt) : "–"}</td>
      <td>
        {row.runId && (
          <button type="button" className="button button--small" onClick={open} aria-label={`${going ? "Show" : "Replay"} row ${row.row}`}>
            {going ? "Show" : "Replay"}
          </button>
        )}
      </td>
    </tr>
  );
});
