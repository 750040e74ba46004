import dagre from "@dagrejs/dagre";
import type { Crew, Position } from "../model";

const NODE_W = 260;
const NODE_H = 120;

/**
 * "Tidy up": a left-to-right layered layout. Tools feed agents, agents feed the tasks they perform,
 * and context edges push later tasks further right, so reading order follows the data.
 */
export function tidyLayout(
  crew: Crew,
  sizes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): Record<string, Position> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 110, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = [...crew.tools, ...crew.agents, ...crew.tasks].map((n) => n.id);
  for (const id of ids) {
    const size = sizes.get(id);
    g.setNode(id, { width: size?.width ?? NODE_W, height: size?.height ?? NODE_H });
  }
  for (const agent of crew.agents) for (const tool of agent.tools) g.setEdge(tool, agent.id);
  for (const task of crew.tasks) {
    if (task.agent) g.setEdge(task.agent, task.id);
    for (const from of task.context ?? []) g.setEdge(from, task.id);
    for (const tool of task.tools) g.setEdge(tool, task.id);
  }
  dagre.layout(g);
  const out: Record<string, Position> = {};
  for (const id of ids) {
    const n = g.node(id);
    // dagre gives centres; React Flow positions are top-left corners.
    if (n) out[id] = { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) };
  }
  return out;
}

/** Where a node without a stored position goes: a free slot in its kind's column. */
export function fallbackPosition(kind: "agent" | "task" | "tool", index: number): Position {
  const column = { tool: -360, agent: 0, task: 380 }[kind];
  return { x: column, y: index * 170 };
}
