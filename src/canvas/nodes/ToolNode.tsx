import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { BUILTIN_TOOL_INFO } from "../../model";
import { nodeProblems, useApp } from "../../store";
import { excerpt, NodeShell } from "./NodeShell";

/** A tool on the canvas: its name and what it does; it connects to agents or tasks on the right. */
export const ToolNode = memo(function ToolNode({ id, selected }: NodeProps) {
  const tool = useApp((s) => s.crew.tools.find((t) => t.id === id));
  const problems = useApp((s) => nodeProblems(s.crew, id));
  const users = useApp(
    (s) => s.crew.agents.filter((a) => a.tools.includes(id)).length + s.crew.tasks.filter((t) => t.tools.includes(id)).length,
  );
  if (!tool) return null;
  const label = tool.kind === "builtin" ? (BUILTIN_TOOL_INFO[tool.name]?.label ?? tool.name) : tool.name;
  return (
    <NodeShell kind="tool" id={id} title={label} selected={selected} problems={problems}>
      <p>{excerpt(tool.description || "No description", 70)}</p>
      <footer className="crew-node__meta">
        <span>{tool.kind}</span>
        <span>{users === 0 ? "unused" : `used by ${users}`}</span>
      </footer>
      <Handle type="source" position={Position.Right} id="out" className="handle handle--uses" />
    </NodeShell>
  );
});
