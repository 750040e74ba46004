import type { Crew, Position } from "../model";

/** Where a node without a stored position goes: a free slot in its kind's column. */
export function fallbackPosition(kind: "agent" | "task" | "tool", index: number): Position {
  const column = { tool: -360, agent: 0, task: 380 }[kind];
  return { x: column, y: index * 170 };
}

/** Where the generated manager goes until it is moved: above the highest agent, in the agents' column. */
export function managerFallback(crew: Crew): Position {
  const at = crew.agents.map((a, i) => crew.layout[a.id] ?? fallbackPosition("agent", i));
  if (at.length === 0) return { x: 0, y: -200 };
  const top = at.reduce((best, p) => (p.y < best.y ? p : best));
  return { x: top.x, y: top.y - 200 };
}
