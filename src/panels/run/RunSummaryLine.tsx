import { costOf, formatCost, onDeviceUsage, plural, RUN_USAGE_KEY, shownRun, useApp, withOnDeviceFree } from "../../store";
import { formatCount, formatMs } from "../console/format";
import { runStatusText } from "./runStatus";
import { useRunClock } from "./useRunClock";

/** One line about the run shown: status, requests, tokens, cost and time. */
export function RunSummaryLine() {
  const run = useApp(shownRun);
  const prices = useApp((s) => s.prices);
  const replay = useApp((s) => s.replay !== null);
  const runCrew = useApp((s) => s.runCrew);
  const now = useRunClock();
  if (!run) return <span className="run-summary" />;
  const cost = costOf(run.nodeUsage[RUN_USAGE_KEY], withOnDeviceFree(prices, runCrew));
  const local = onDeviceUsage(run.nodeUsage[RUN_USAGE_KEY], runCrew, prices);
  const status = runStatusText(run);
  return (
    <span
      className={`run-summary run-summary--${run.paused && run.status === "running" ? "paused" : run.status}`}
      data-run-status={run.status}
      aria-live="polite"
    >
      <strong>{replay ? `${status} (replay)` : status}</strong>
      {run.round !== undefined && <span>round {run.round}</span>}
      <span>{plural(run.usage.requests, "request")}</span>
      <span
        title={`${formatCount(run.usage.promptTokens)} prompt + ${formatCount(run.usage.completionTokens)} completion${run.usage.estimated ? ", partly estimated" : ""}`}
      >
        {formatCount(run.usage.totalTokens)} tokens{run.usage.estimated ? "*" : ""}
      </span>
      <span
        title={cost.unpriced.length ? `No price for ${cost.unpriced.join(", ")}: add one in Models` : "Priced with the table in Models"}
      >
        {formatCost(cost)}
      </span>
      <span>{formatMs((run.endedAt ?? now) - run.startedAt)}</span>
      {local && (
        <span
          className="run-summary__on-device"
          data-on-device={local.requests}
          title={local.reference ? `Priced as ${local.reference} from the price table in Models` : "No price in the table to compare with"}
        >
          {plural(local.requests, "call")} on this device
          {local.remoteUsd !== null && local.reference
            ? ` (≈ ${formatCost({ usd: local.remoteUsd, unpriced: [] })} on ${local.reference})`
            : ""}
        </span>
      )}
    </span>
  );
}
