import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { shownRun, useApp } from "../../store";
import { NodeShell } from "./NodeShell";
import { PeerHandles } from "./PeerHandles";

const NO_PROBLEMS: never[] = [];

/**
 * The manager the engine generates for a hierarchical crew that names none. It is not in the document, so there is
 * nothing to edit: choose an agent as the manager in the crew settings to shape it.
 */
export const ManagerNode = memo(function ManagerNode({ id, selected }: NodeProps) {
  const workers = useApp((s) => s.crew.agents.length);
  const role = useApp((s) => shownRun(s)?.manager?.role);
  return (
    <NodeShell
      kind="agent"
      manager
      id={id}
      title={role || "Crew Manager"}
      selected={selected}
      problems={NO_PROBLEMS}
      badge={<span className="badge badge--manager">manager</span>}
    >
      <p>Generated for this run: plans the work and hands each task to the best of the crew.</p>
      <footer className="crew-node__meta">
        <span>delegates to {workers === 1 ? "1 agent" : `${workers} agents`}</span>
        <span title="Pick one of your agents as the manager in the crew settings to shape it">not editable</span>
      </footer>
      <PeerHandles process="hierarchical" only="out" />
    </NodeShell>
  );
});
