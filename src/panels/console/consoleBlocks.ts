import type { ConsoleBlock, ConsoleFilter, ConsoleRow, ConsoleSection } from "./consoleTypes";

/** The rows a filter lets through, in order. */
export function filterRows(rows: readonly ConsoleRow[], filter: ConsoleFilter): ConsoleRow[] {
  return rows.filter(
    (row) =>
      filter.kinds.has(row.kind) &&
      (filter.taskId === null || row.taskId === filter.taskId) &&
      (filter.agentId === null || row.agentId === filter.agentId),
  );
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
