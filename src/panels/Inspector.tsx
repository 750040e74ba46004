import { plural, useApp, useAppStore } from "../store";
import { AgentForm } from "./AgentForm";
import { NodeRunDetails } from "./run/NodeRunDetails";
import { TaskForm } from "./TaskForm";
import { ToolForm } from "./ToolForm";

/** Edits whatever is selected on the canvas. */
export function Inspector() {
  const store = useAppStore();
  const selection = useApp((s) => s.selection);
  const crew = useApp((s) => s.crew);
  if (selection.length === 0) return <p className="panel-empty">Select a node on the canvas to edit it here.</p>;
  if (selection.length > 1)
    return (
      <div className="panel-empty">
        <p>{plural(selection.length, "node")} selected.</p>
        <div className="button-row">
          <button type="button" className="button" onClick={() => store.getState().duplicateSelection()}>
            Duplicate
          </button>
          <button type="button" className="button button--danger" onClick={() => store.getState().deleteNodes(selection)}>
            Delete
          </button>
        </div>
      </div>
    );
  const id = selection[0] as string;
  const agentIndex = crew.agents.findIndex((a) => a.id === id);
  const taskIndex = crew.tasks.findIndex((t) => t.id === id);
  const toolIndex = crew.tools.findIndex((t) => t.id === id);
  const agent = crew.agents[agentIndex];
  const task = crew.tasks[taskIndex];
  const tool = crew.tools[toolIndex];
  const kind = agent ? "Agent" : task ? `Task #${taskIndex + 1}` : "Tool";
  return (
    <section aria-label="Inspector">
      <header className="inspector__header">
        <h2 className="panel-title">
          {kind} <code>{id}</code>
        </h2>
        <button
          type="button"
          className="button button--small button--danger"
          onClick={() => store.getState().deleteNodes([id])}
          aria-label={`Delete ${id}`}
        >
          Delete
        </button>
      </header>
      <NodeRunDetails id={id} />
      {agent && (
        <div className="button-row">
          <button
            type="button"
            className="button button--small"
            onClick={() => store.getState().openDialog({ kind: "knowledge", agentId: id })}
            title="Documents only this agent draws on (and the crew's)"
          >
            Knowledge…
          </button>
        </div>
      )}
      {agent && <AgentForm key={id} agent={agent} index={agentIndex} />}
      {task && <TaskForm key={id} task={task} index={taskIndex} />}
      {tool && <ToolForm key={id} tool={tool} index={toolIndex} />}
    </section>
  );
}
