import type { Position } from "../model";

/** Where a node without a stored position goes: a free slot in its kind's column. */
export function fallbackPosition(kind: "agent" | "task" | "tool", index: number): Position {
  const column = { tool: -360, agent: 0, task: 380 }[kind];
  return { x: column, y: index * 170 };
}
