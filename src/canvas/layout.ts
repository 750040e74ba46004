import type { Crew, Position } from "../model";
import { crewManager } from "../store/crewOps";

type Size = { width: number; height: number };
const DEFAULT: Size = { width: 260, height: 120 };
const GAP_Y = 48;
const GAP_X = 110;
/** Tasks per column before a long crew wraps into another column. */
const MAX_COLUMN = 12;

/**
 * "Tidy up": three columns that match the handles — tools on the left, agents in the middle, tasks on the right
 * top to bottom in run order — with each agent beside its first task and each tool beside its first user.
 * (A generic layered layout put context edges, which run bottom-to-top between tasks, into knots.)
 * A hierarchical crew's manager (chosen or generated) sits at the top of the agents' column, above its workers.
 */
export function tidyLayout(crew: Crew, sizes: ReadonlyMap<string, Size> = new Map()): Record<string, Position> {
  const size = (id: string) => sizes.get(id) ?? DEFAULT;
  const width = (ids: string[]) => Math.max(DEFAULT.width, ...ids.map((id) => size(id).width));
  const agentX = 0;
  const taskX = agentX + width(crew.agents.map((a) => a.id)) + GAP_X;
  const toolX = agentX - width(crew.tools.map((t) => t.id)) - GAP_X;
  const out: Record<string, Position> = {};

  // A long crew wraps its tasks into more columns (to the right), so it still fits a screen when zoomed out.
  const perColumn = Math.max(MAX_COLUMN, Math.ceil(Math.sqrt(crew.tasks.length * 1.5)));
  const taskWidth = width(crew.tasks.map((t) => t.id));
  let y = 0;
  let end = 0;
  crew.tasks.forEach((task, i) => {
    if (i > 0 && i % perColumn === 0) y = 0;
    out[task.id] = { x: taskX + Math.floor(i / perColumn) * (taskWidth + GAP_X), y };
    y += size(task.id).height + GAP_Y;
    end = Math.max(end, y);
  });
  const firstTaskY = (agentId: string) => {
    const task = crew.tasks.find((t) => t.agent === agentId);
    return task ? (out[task.id]?.y ?? end) : end;
  };
  const manager = crewManager(crew);
  stack(
    crew.agents.filter((a) => a.id !== manager).map((a, i) => ({ id: a.id, want: firstTaskY(a.id), i })),
    agentX,
    size,
    out,
  );
  if (manager) {
    const top = Math.min(0, ...crew.agents.filter((a) => a.id !== manager).map((a) => out[a.id]?.y ?? 0));
    out[manager] = { x: agentX, y: top - size(manager).height - 2 * GAP_Y };
  }

  const firstUserY = (toolId: string) => {
    const users = [...crew.agents.filter((a) => a.tools.includes(toolId)), ...crew.tasks.filter((t) => t.tools.includes(toolId))];
    return Math.min(end + 10_000, ...users.map((u) => out[u.id]?.y ?? end));
  };
  stack(
    crew.tools.map((t, i) => ({ id: t.id, want: firstUserY(t.id), i })),
    toolX,
    size,
    out,
  );
  return out;
}

/** Places a column top to bottom, each node as close to where it wants to be as the ones above allow. */
function stack(
  items: { id: string; want: number; i: number }[],
  x: number,
  size: (id: string) => Size,
  out: Record<string, Position>,
): void {
  let bottom = Number.NEGATIVE_INFINITY;
  for (const item of [...items].sort((a, b) => a.want - b.want || a.i - b.i)) {
    const y = Math.max(item.want, bottom + GAP_Y);
    out[item.id] = { x, y };
    bottom = y + size(item.id).height;
  }
}
