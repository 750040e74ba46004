import { useState } from "react";
import { useApp, useAppStore } from "../store";
import { Markdown } from "./console/Markdown";
import { RunConsole } from "./console/RunConsole";

const STATUS_TEXT = { running: "Running", completed: "Done", failed: "Failed", cancelled: "Stopped" } as const;

/** The current run of the open crew: status, usage, review requests, the final answer and the console. */
export function RunPanel() {
  const store = useAppStore();
  const run = useApp((s) => (s.runCrewId === s.crewId ? s.run : null));
  const events = useApp((s) => s.runEvents);
  const runCrew = useApp((s) => s.runCrew);
  const review = useApp((s) => s.review);
  if (!run || !runCrew)
    return (
      <div className="panel-empty">
        <p>No run yet. Press Run to start this crew; every step will light up on the canvas and show here.</p>
        <button type="button" className="button button--primary" onClick={() => store.getState().openDialog({ kind: "run" })}>
          Run
        </button>
      </div>
    );
  const last = events.findLast((e) => e.type === "run.completed");
  const answer = last?.type === "run.completed" ? last.output : "";
  const seconds = ((run.endedAt ?? Date.now()) - run.startedAt) / 1000;
  return (
    <section className="run-panel" aria-label="Run">
      <header className={`run-panel__status run-panel__status--${run.status}`} data-run-status={run.status}>
        <strong>{STATUS_TEXT[run.status]}</strong>
        <span>
          {run.usage.requests} requests · {run.usage.totalTokens} tokens{run.usage.estimated ? " (partly estimated)" : ""}
          {run.endedAt ? ` · ${seconds.toFixed(1)} s` : ""}
        </span>
        {run.status === "running" && (
          <button type="button" className="button button--small button--danger" onClick={() => store.getState().stopRun()}>
            Stop
          </button>
        )}
      </header>
      {run.error && <p className="run-panel__error">{run.error}</p>}
      {review && <ReviewBox />}
      {answer && (
        <details className="run-panel__answer" open>
          <summary>Final answer</summary>
          <Markdown text={answer} />
        </details>
      )}
      <RunConsole events={events} crew={runCrew} onSelectNode={(id) => store.getState().select([id])} />
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
      <Markdown text={review.output} />
      <label className="field">
        <span className="field__label">Feedback (leave empty to approve)</span>
        <textarea className="field__input" rows={3} value={feedback} onChange={(e) => setFeedback(e.target.value)} />
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
