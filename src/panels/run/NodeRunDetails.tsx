import { useMemo } from "react";
import type { ChatMessage } from "../../engine/ports";
import { taskTitle } from "../../model";
import { costOf, formatCost, shownRun, useApp, useAppStore } from "../../store";
import { formatCount, formatJson } from "../console/format";
import { Markdown } from "../console/Markdown";
import { AgentDelegations, TaskProcessDetails } from "./NodeProcessDetails";
import { runStatusText } from "./runStatus";

/** What the shown run did with one node: status, inputs, prompt, output and usage (read from the run's events). */
export function NodeRunDetails({ id }: { id: string }) {
  const store = useAppStore();
  const run = useApp(shownRun);
  const crew = useApp((s) => s.runCrew);

  const prices = useApp((s) => s.prices);
  const replayOf = useApp((s) => (s.runMode === "replay" ? (s.replay?.record.id ?? null) : null));
  const savedRunId = useApp((s) => replayOf ?? (s.liveRun ? null : (s.run?.runId ?? null)));
  const task = crew?.tasks.find((t) => t.id === id);
  const state = run?.nodes[id];
  // Read the log only when this node's state changes (a new attempt, a new request), not on every event of the run.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `state` is the trigger; the log is read from the store
  const details = useMemo(() => (task ? taskDetails(store.getState().runEvents, task.id) : null), [state, task, store]);
  if (!run || !crew) return null;
  const usage = run.nodeUsage[id];
  const tokens = Object.values(usage ?? {}).reduce(
    (t, u) => ({ p: t.p + u.promptTokens, c: t.c + u.completionTokens, r: t.r + u.requests }),
    { p: 0, c: 0, r: 0 },
  );
  const output = task ? run.outputs[task.id] : undefined;
  const index = task ? crew.tasks.indexOf(task) : -1;
  const canFork = savedRunId && task && index > 0 && crew.process === "sequential" && run.status !== "running";
  return (
    <section className="node-run" aria-label="In this run">
      <h3 className="panel-subtitle">
        {replayOf ? "At this point of the replay" : run.status === "running" ? "In this run (live)" : "In the last run"} ·{" "}
        <span className={`run-status run-status--${state?.status ?? "idle"}`}>{state?.status ?? "idle"}</span>
      </h3>
      {state?.activity && <p className="panel-note">{state.activity}</p>}
      {state?.error && <p className="run-panel__error">{state.error}</p>}
      {tokens.r > 0 && (
        <p className="node-run__usage">
          {tokens.r} {tokens.r === 1 ? "request" : "requests"} · {formatCount(tokens.p)} prompt + {formatCount(tokens.c)} completion tokens
          · {formatCost(costOf(usage, prices))}
        </p>
      )}
      {task ? <TaskProcessDetails view={run} id={id} /> : <AgentDelegations view={run} crew={crew} id={id} />}
      {details && details.context.length > 0 && (
        <details className="node-run__block">
          <summary>Context from {details.context.join(", ")}</summary>
          {crew.tasks
            .filter((t) => details.context.includes(taskTitle(t)) && run.outputs[t.id])
            .map((t) => (
              <div key={t.id} className="node-run__context">
                <strong>{taskTitle(t)}</strong>
                <pre className="node-run__pre">{run.outputs[t.id]?.raw}</pre>
              </div>
            ))}
        </details>
      )}
      {run.plans[id] && (
        <details className="node-run__block" open>
          <summary>Plan</summary>
          <Markdown text={run.plans[id]} />
        </details>
      )}
      {details?.prompt && (
        <details className="node-run__block">
          <summary>Prompt ({details.prompt.length} messages)</summary>
          {details.prompt.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a logged prompt never changes
            <div key={i} className="node-run__message">
              <span className="node-run__role">{m.role}</span>
              <pre className="node-run__pre">{m.content}</pre>
            </div>
          ))}
        </details>
      )}
      {output && (
        <details className="node-run__block" open>
          <summary>Output</summary>
          <Markdown text={output.raw} />
          {output.json !== undefined && <pre className="node-run__pre">{formatJson(output.json)}</pre>}
        </details>
      )}
      {canFork && savedRunId && task && (
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            void store
              .getState()
              .forkRun(savedRunId, task.id)
              .then((reason) => reason && store.getState().toast(`Cannot re-run: ${reason}`, "error"))
              .catch((e: Error) => store.getState().toast(e.message, "error"))
          }
        >
          Re-run from this task
        </button>
      )}
      {run.status !== "running" && <p className="panel-note">Run status: {runStatusText(run)}</p>}
    </section>
  );
}

function taskDetails(
  events: readonly import("../../engine/events").RunEvent[],
  taskId: string,
): { context: string[]; prompt: ChatMessage[] | null } {
  let context: string[] = [];
  let prompt: ChatMessage[] | null = null;
  for (const e of events) {
    if (e.type === "task.started" && e.taskId === taskId) {
      context = e.context;
      prompt = null;
    }
    // The latest attempt's first request is the whole prompt the agent worked from (later ones are checks).
    if (e.type === "llm.request" && e.taskId === taskId && !prompt && e.promptFrom === 0 && e.prompt.length > 0) prompt = e.prompt;
  }
  return { context, prompt };
}
