import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { nodeProblems, plural, useApp } from "../../store";
import { excerpt, NodeShell } from "./NodeShell";
import { PeerHandles } from "./PeerHandles";

/** An agent on the canvas: role and goal at a glance; tools come in on the left, tasks on the right. */
export const AgentNode = memo(function AgentNode({ id, selected }: NodeProps) {
  const agent = useApp((s) => s.crew.agents.find((a) => a.id === id));
  const problems = useApp((s) => nodeProblems(s.crew, id));
  const isManager = useApp((s) => s.crew.process === "hierarchical" && s.crew.settings.managerAgent === id);
  const process = useApp((s) => s.crew.process);
  const onDevice = useApp((s) => {
    const llmId = s.crew.agents.find((a) => a.id === id)?.llm ?? s.crew.defaultLlm;
    return s.crew.llms.find((l) => l.id === llmId)?.provider === "webllm";
  });
  if (!agent) return null;
  return (
    <NodeShell
      kind="agent"
      id={id}
      title={agent.role.trim() || "New agent"}
      selected={selected}
      problems={problems}
      badge={isManager ? <span className="badge badge--manager">manager</span> : null}
      manager={isManager}
    >
      <p className={agent.goal.trim() ? "" : "placeholder"}>{agent.goal.trim() ? excerpt(agent.goal) : "No goal yet"}</p>
      <footer className="crew-node__meta">
        {isManager && <span>hands tasks to the crew</span>}
        {onDevice && (
          <span className="badge" title="This agent's model runs in this tab: its calls stay on the device">
            on device
          </span>
        )}
        {agent.tools.length > 0 && <span>{plural(agent.tools.length, "tool")}</span>}
        {agent.allowDelegation && <span>delegates</span>}
        {process === "environment" && agent.watch.length > 0 && <span>watches {agent.watch.length}</span>}
      </footer>
      <Handle type="target" position={Position.Left} id="in" className="handle handle--uses" />
      <Handle type="target" position={Position.Right} id="tasks" className="handle handle--performs" />
      <PeerHandles process={process} />
    </NodeShell>
  );
});
