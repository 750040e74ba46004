import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import type { Condition, Crew } from "../../model";
import { nodeProblems, nodeRunState, plural, shownRun, useApp } from "../../store";
import { excerpt, NodeShell } from "./NodeShell";

/** A task on the canvas: run-order number, description, agent and flags; context flows top to bottom. */
export const TaskNode = memo(function TaskNode({ id, selected }: NodeProps) {
  const index = useApp((s) => taskIndex(s.crew, id));
  const task = useApp((s) => s.crew.tasks[index]);
  const agentRole = useApp((s) => {
    const agentId = s.crew.tasks[index]?.agent;
    const agent = agentId ? s.crew.agents.find((a) => a.id === agentId) : undefined;
    return agent ? agent.role.trim() || agent.id : null;
  });
  const problems = useApp((s) => nodeProblems(s.crew, id));
  const managed = useApp((s) => s.crew.process === "hierarchical");
  const plan = useApp((s) => shownRun(s)?.plans[id]);
  const verdict = useApp((s) => shownRun(s)?.conditions[id]);
  const skipped = useApp((s) => {
    const state = nodeRunState(s, id);
    // A skipped task says why: its condition's verdict, else what the run said (a stopped run skips what it never reached).
    return state?.status === "skipped"
      ? (shownRun(s)?.conditions[id]?.reason ?? state.activity ?? "not reached before the run ended")
      : null;
  });
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
      {plan && <PlanPreview plan={plan} />}
      <p className={task.description.trim() ? "" : "placeholder"}>
        {task.description.trim() ? excerpt(task.description) : "No description yet"}
      </p>
      <footer className="crew-node__meta">
        {agentRole ? (
          <span>by {agentRole}</span>
        ) : managed ? (
          <span title="The manager picks who does it">manager assigns</span>
        ) : (
          <span className="warn">no agent</span>
        )}
        {task.async && <span className="badge badge--async">async</span>}
        <span>{context}</span>
        {task.tools.length > 0 && <span>{plural(task.tools.length, "tool")}</span>}
        {task.outputSchema && <span>JSON</span>}
        {task.guardrail && <span>guardrail</span>}
        {task.humanInput && <span>human review</span>}
        {task.condition && (
          <span
            className="badge badge--condition"
            data-passed={verdict ? String(verdict.passed) : undefined}
            title={verdict ? `${verdict.passed ? "Ran" : "Skipped"}: ${verdict.reason}` : `Runs only if ${conditionText(task.condition)}`}
          >
            if{verdict ? (verdict.passed ? " ✓" : " ✗") : ""}
          </span>
        )}
        {skipped !== null && (
          <span className="badge badge--skipped" title={skipped}>
            skipped
          </span>
        )}
      </footer>
      <Handle type="source" position={Position.Left} id="agent" className="handle handle--performs" style={{ top: "35%" }} />
      <Handle type="target" position={Position.Left} id="tools" className="handle handle--uses" style={{ top: "75%" }} />
      <Handle type="target" position={Position.Top} id="ctx-in" className="handle handle--context" />
      <Handle type="source" position={Position.Bottom} id="ctx-out" className="handle handle--context" />
    </NodeShell>
  );
});

/** Task positions by id, once per document version: a lookup per node per store update must not walk the task list. */
const taskIndexes = new WeakMap<Crew, Map<string, number>>();

function taskIndex(crew: Crew, id: string): number {
  let indexes = taskIndexes.get(crew);
  if (!indexes) {
    indexes = new Map(crew.tasks.map((t, i) => [t.id, i]));
    taskIndexes.set(crew, indexes);
  }
  return indexes.get(id) ?? -1;
}

/** A task's step plan, one line on the node; the whole plan is its tooltip and sits in the inspector. */
function PlanPreview({ plan }: { plan: string }) {
  const steps = plan.split("\n").filter((line) => line.trim());
  const first = (steps[0] ?? "").replace(/^\s*(?:\d+[.)]|[-*•])\s*/, "");
  return (
    <p className="crew-node__plan" title={plan} data-steps={steps.length}>
      <strong>Plan</strong> {steps.length > 1 ? `(${steps.length} steps) ` : ""}
      {first}
    </p>
  );
}

/** A condition in words, for the badge's tooltip. */
function conditionText(condition: Condition): string {
  if (condition.type === "rule") return `the previous output meets: ${condition.rule}`;
  const value = condition.op === "equals" || condition.op === "notEquals" ? ` ${JSON.stringify(condition.value)}` : "";
  return `${condition.path} ${condition.op}${value} in the previous output`;
}
