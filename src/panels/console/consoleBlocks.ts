import type { ConsoleBlock, ConsoleFilter, ConsoleNode, ConsoleRow, ConsoleSection } from "./consoleTypes";

/**
 * The rows a filter lets through, in order. A row nested under a delegation brings the delegation rows it sits in,
 * so a coworker's steps still show inside the call that asked for them (filtering by the coworker shows that call too).
 */
export function filterRows(rows: readonly ConsoleRow[], filter: ConsoleFilter): ConsoleRow[] {
  const matches = (row: ConsoleRow) =>
    filter.kinds.has(row.kind) &&
    (filter.taskId === null || row.taskId === filter.taskId) &&
    (filter.agentId === null || row.agentId === filter.agentId);
  if (!rows.some((row) => row.parent !== undefined)) return rows.filter(matches);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const keep = new Set<string>();
  for (const row of rows) {
    if (!matches(row)) continue;
    keep.add(row.key);
    for (let up = row.parent; up !== undefined && !keep.has(up); up = byKey.get(up)?.parent) keep.add(up);
  }
  return rows.filter((row) => keep.has(row.key));
}

/** Groups consecutive rows of the same task section, so each section renders once with its rows. */
export function groupRows(rows: readonly ConsoleRow[], sections: ReadonlyMap<string, ConsoleSection>): ConsoleBlock[] {
  const blocks: ConsoleBlock[] = [];
  for (const row of rows) {
    const last = blocks.at(-1);
    const section = row.section ? sections.get(row.section) : undefined;
    if (!section) blocks.push({ type: "row", key: row.key, row });
    else if (last?.type === "section" && last.section.key === section.key) last.rows.push(row);
    else blocks.push({ type: "section", key: `${section.key}@${row.key}`, section, rows: [row] });
  }
  return blocks;
}

/** Puts each row under the row it nests in, when that row is in the list; the others stay at the top, in order. */
export function nestRows(rows: readonly ConsoleRow[]): ConsoleNode[] {
  const top: ConsoleNode[] = [];
  const nodes = new Map<string, ConsoleNode>();
  for (const row of rows) {
    const node: ConsoleNode = { row, children: [] };
    nodes.set(row.key, node);
    const parent = row.parent !== undefined ? nodes.get(row.parent) : undefined;
    (parent ? parent.children : top).push(node);
  }
  return top;
}
