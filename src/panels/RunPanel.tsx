import { useState } from "react";
import type { Crew } from "../model";
import { costOf, formatCost, plural, RUN_USAGE_KEY, type RunView, shownRun, useApp, useAppStore } from "../store";
import { CorsHint } from "./CorsHint";
import { formatCount, formatMs } from "./console/format";
import { Markdown } from "./console/Markdown";
import { downloadText } from "./run/download";
import { RunTasks } from "./run/RunTasks";
import { runStatusText } from "./run/runStatus";
import { useRunClock } from "./run/useRunClock";
import { useThrottled } from "./run/useThrottled";

/** The run of the open crew at a glance: status and controls, review requests, the answer, each task, the files. */
export function RunPanel() {
  const store = useAppStore();
  const run = useApp(shownRun);
  const runCrew = useApp((s) => s.runCrew);
  const mode = useApp((s) => s.runMode);
  const isLive = useApp((s) => s.liveRun !== null && s.liveRun.runId === s.run?.runId && s.runMode === "live");
  const review = useApp((s) => s.review);
  const batch = useApp((s) => (isLive ? s.liveRun?.batch : undefined));
  const prices = useApp((s) => s.prices);
  const files = useApp((s) => s.runFiles);
  const answer = useApp((s) => s.runEvents.findLast((e) => e.type === "run.completed"));
  const now = useRunClock();
  if (!run || !runCrew)
    return (
      <div className="panel-empty">
        <p>No run yet. Press Run to start this crew: every step lights up on the canvas, and the console and timeline fill in below it.</p>
        <button type="button" className="button button--primary" onClick={() => store.getState().openDialog({ kind: "run" })}>
          ▶ Run
        </button>
      </div>
    );
  const cost = costOf(run.nodeUsage[RUN_USAGE_KEY], prices);
  const fileNames = Object.keys(files);
  return (
    <section className="run-panel" aria-label="Run">
      <header
        className={`run-panel__status run-panel__status--${run.paused && run.status === "running" ? "paused" : run.status}`}
        data-run-status={run.status}
      >
        <strong>
          {runStatusText(run)}
          {mode === "replay" ? " · replay" : ""}
        </strong>
        <span>
          {plural(run.usage.requests, "request")} · {formatCount(run.usage.totalTokens)} tokens
          {run.usage.estimated ? " (partly estimated)" : ""} · {formatCost(cost)}
          {run.endedAt ? ` · ${formatMs(run.endedAt - run.startedAt)}` : ""}
        </span>
        {isLive && run.status === "running" && (
          <span className="button-row">
            {run.paused ? (
              <button type="button" className="button button--small" onClick={() => store.getState().resumeRun()}>
                Resume
              </button>
            ) : (
              <button type="button" className="button button--small" onClick={() => store.getState().pauseRun()}>
                Pause
              </button>
            )}
            <button type="button" className="button button--small button--danger" onClick={() => store.getState().stopRun()}>
              Stop
            </button>
          </span>
        )}
      </header>
      {batch && (
        <p className="panel-note">
          Row {batch.row} of {batch.size} of a batch: Pause and Stop act on the whole batch; the Batch tab under the canvas lists every row.
        </p>
      )}
      {run.forkOf && (
        <p className="panel-note">
          Re-run from <code>{run.forkOf.taskId}</code>; the outputs before it were restored from an earlier run.
        </p>
      )}
      {cost.unpriced.length > 0 && (
        <p className="panel-note">
          No price for {cost.unpriced.join(", ")}.{" "}
          <button type="button" className="link-button" onClick={() => store.getState().openDialog({ kind: "endpoints" })}>
            Add one
          </button>
        </p>
      )}
      {run.error && <p className="run-panel__error">{run.error}</p>}
      {run.status === "failed" && <CorsHint error={run.error} />}
      {review && isLive && <ReviewBox />}
      {answer?.type === "run.completed" && answer.output && (
        <details className="run-panel__answer" open>
          <summary>Final answer</summary>
          <Markdown text={answer.output} />
        </details>
      )}
      <ThrottledTasks run={run} crew={runCrew} now={now} live={isLive && run.status === "running"} />
      {fileNames.length > 0 && (
        <section className="run-panel__files" aria-label="Files">
          <h3 className="panel-subtitle">Files written</h3>
          <ul>
            {fileNames.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => downloadText(name.split("/").pop() || name, files[name] ?? "", "text/plain")}
                >
                  {name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function ReviewBox() {
  const store = useAppStore();
  const review = useApp((s) => s.review);
  const [feedback, setFeedback] = useState("");
  if (!review) return null;
  return (
    <section className="review" aria-label="Review">
      <h3>Review: {review.task.name || review.task.id}</h3>
      <p className="panel-note">The run waits for you. Approve the output, or send it back with feedback and the agent tries again.</p>
      <div className="review__output">
        <Markdown text={review.output} />
      </div>
      <label className="field">
        <span className="field__label">Feedback</span>
        <textarea
          className="field__input"
          rows={3}
          value={feedback}
          onChange={(e) => setFeedback(e.target.value)}
          placeholder="What should change?"
        />
      </label>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={!feedback.trim()}
          onClick={() => store.getState().answerReview({ approved: false, feedback: feedback.trim() })}
        >
          Send back
        </button>
        <button type="button" className="button button--primary" onClick={() => store.getState().answerReview({ approved: true })}>
          Approve
        </button>
      </div>
    </section>
  );
}

// A hundred rows need not redraw on every frame of a live run: a few times a second reads just as well.
function ThrottledTasks({ run, crew, now, live }: { run: RunView; crew: Crew; now: number; live: boolean }) {
  return <RunTasks run={useThrottled(run, live ? 250 : 0)} crew={crew} now={now} />;
}
