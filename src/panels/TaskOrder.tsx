import { useState } from "react";
import { useApp, useAppStore } from "../store";

/** The sequential run order: drag a row, or use the arrow buttons, to move a task. */
export function TaskOrder() {
  const store = useAppStore();
  const tasks = useApp((s) => s.crew.tasks);
  const agents = useApp((s) => s.crew.agents);
  const [dragging, setDragging] = useState<string | null>(null);
  const move = (id: string, to: number) => {
    const reason = store.getState().moveTask(id, to);
    if (reason) store.getState().toast(`Cannot move: ${reason}`, "error");
  };
  if (tasks.length === 0) return <p className="panel-empty">No tasks yet. Tasks run top to bottom in this list.</p>;
  return (
    <section aria-label="Task order">
      <p className="panel-note">Tasks run in this order (async neighbours run together). Drag to reorder.</p>
      <ol className="task-order">
        {tasks.map((t, i) => {
          const agent = agents.find((a) => a.id === t.agent);
          return (
            <li
              key={t.id}
              draggable
              data-task={t.id}
              className={dragging === t.id ? "is-dragging" : ""}
              onDragStart={(e) => {
                setDragging(t.id);
                e.dataTransfer.setData("text/x-crewdeck-task", t.id);
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const id = e.dataTransfer.getData("text/x-crewdeck-task");
                if (id) move(id, i);
              }}
            >
              <span className="badge badge--order">{i + 1}</span>
              <button type="button" className="task-order__name" onClick={() => store.getState().select([t.id])}>
                {t.name || t.id}
                <small>
                  {agent ? agent.role || agent.id : "no agent"}
                  {t.async ? " · async" : ""}
                </small>
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${t.name || t.id} up`}
                disabled={i === 0}
                onClick={() => move(t.id, i - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${t.name || t.id} down`}
                disabled={i === tasks.length - 1}
                onClick={() => move(t.id, i + 1)}
              >
                ↓
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
