import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { nodeProblems, plural, useApp } from "../../store";
import { excerpt, NodeShell } from "./NodeShell";

/** A task on the canvas: run-order number, description, agent and flags; context flows top to bottom. */
export const TaskNode = memo(function TaskNode({ id, selected }: NodeProps) {
  const index = useApp((s) => s.crew.tasks.findIndex((t) => t.id === id));
  const task = useApp((s) => s.crew.tasks[index]);
  const agentRole = useApp((s) => {
    const agentId = s.crew.tasks[index]?.agent;
    const agent = agentId ? s.crew.agents.find((a) => a.id === agentId) : undefined;
    return agent ? agent.role.trim() || agent.id : null;
  });
  const problems = useApp((s) => nodeProblems(s.crew, id));
  if (!task) return null;
  const title = task.name.trim() || (task.description.trim() ? excerpt(task.description, 40) : "New task");
  const context =
    task.context === undefined ? "all earlier output" : task.context.length === 0 ? "no context" : `${task.context.length} context`;
  return (
    <NodeShell
      kind="task"
      id={id}
      title={title}
      selected={selected}
      problems={problems}
      badge={
        <span className="badge badge--order" title="Run order">
          {index + 1}
        </span>
      }
    >
      <p className={task.description.trim() ? "" : "placeholder"}>
        {task.description.trim() ? excerpt(task.description) : "No description yet"}
      </p>
      <footer className="crew-node__meta">
        <span className={agentRole ? "" : "warn"}>{agentRole ? `by ${agentRole}` : "no agent"}</span>
        {task.async && <span className="badge badge--async">async</span>}
        <span>{context}</span>
        {task.tools.length > 0 && <span>{plural(task.tools.length, "tool")}</span>}
        {task.outputSchema && <span>JSON</span>}
        {task.guardrail && <span>guardrail</span>}
        {task.humanInput && <span>human review</span>}
        {task.condition && <span>conditional</span>}
      </footer>
      <Handle type="source" position={Position.Left} id="agent" className="handle handle--performs" style={{ top: "35%" }} />
      <Handle type="target" position={Position.Left} id="tools" className="handle handle--uses" style={{ top: "75%" }} />
      <Handle type="target" position={Position.Top} id="ctx-in" className="handle handle--context" />
      <Handle type="source" position={Position.Bottom} id="ctx-out" className="handle handle--context" />
    </NodeShell>
  );
});
