import { type Crew, taskTitle } from "../../model";
import { costOf, formatCost, type RunView, useApp, useAppStore } from "../../store";
import { formatCount, formatMs } from "../console/format";

/** Every task of the run: status, time, tokens and cost; a click selects the task on the canvas. */
export function RunTasks({ run, crew, now }: { run: RunView; crew: Crew; now: number }) {
  const store = useAppStore();
  const prices = useApp((s) => s.prices);
  return (
    <table className="run-tasks" aria-label="Tasks of this run">
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Time</th>
          <th scope="col">Tokens</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {crew.tasks.map((task) => {
          const state = run.nodes[task.id];
          const status = state?.status ?? "idle";
          const span = run.spans.find((s) => s.kind === "task" && s.taskId === task.id);
          const usage = run.nodeUsage[task.id];
          const tokens = Object.values(usage ?? {}).reduce((n, u) => n + u.promptTokens + u.completionTokens, 0);
          return (
            <tr key={task.id} data-task={task.id} data-status={status}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => store.getState().select([task.id])}
                  title={state?.activity ?? status}
                >
                  <span className={`status-dot status-dot--${status}`} aria-hidden="true" /> {taskTitle(task)}
                </button>
              </td>
              <td>{span ? formatMs((span.end ?? now) - span.start) : "–"}</td>
              <td>{tokens ? formatCount(tokens) : "–"}</td>
              <td>{usage ? formatCost(costOf(usage, prices)) : "–"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
