import { z } from "zod";
import { AgentSchema, type Crew, nodeIds, type Position, TaskSchema, ToolSchema, uniqueId } from "../model";

/** Copied nodes, as kept on the clipboard (in memory and as JSON text for other tabs). */
export const FragmentSchema = z.object({
  format: z.literal("crewdeck.fragment"),
  sourceCrew: z.string(),
  agents: z.array(AgentSchema),
  tasks: z.array(TaskSchema),
  tools: z.array(ToolSchema),
  layout: z.record(z.string(), z.object({ x: z.number(), y: z.number() })),
});

/** A piece of a crew that can be pasted into any crew. */
export type Fragment = z.infer<typeof FragmentSchema>;

/** Copies the given nodes (in document order) with their positions. */
export function copyFragment(crew: Crew, ids: readonly string[], sourceCrew: string): Fragment {
  const want = new Set(ids);
  const layout: Record<string, Position> = {};
  for (const id of ids) {
    const p = crew.layout[id];
    if (p) layout[id] = p;
  }
  return {
    format: "crewdeck.fragment",
    sourceCrew,
    agents: crew.agents.filter((a) => want.has(a.id)),
    tasks: crew.tasks.filter((t) => want.has(t.id)),
    tools: crew.tools.filter((t) => want.has(t.id)),
    layout,
  };
}

/** Reads clipboard text as a fragment; undefined when it is something else. */
export function parseFragment(text: string): Fragment | undefined {
  try {
    const parsed = FragmentSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pastes a fragment: nodes get fresh ids where theirs are taken, references inside the fragment follow
 * the new ids, and references to nodes outside it are kept only when pasting back into the same crew.
 */
export function pasteFragment(crew: Crew, fragment: Fragment, sameCrew: boolean, offset: Position): { crew: Crew; ids: string[] } {
  const taken = nodeIds(crew);
  const rename = new Map<string, string>();
  for (const node of [...fragment.agents, ...fragment.tasks, ...fragment.tools]) {
    const id = taken.has(node.id) ? uniqueId(taken, node.id.replace(/-\d+$/, "")) : node.id;
    taken.add(id);
    rename.set(node.id, id);
  }
  const existing = nodeIds(crew);
  const ref = (id: string): string | undefined => rename.get(id) ?? (sameCrew && existing.has(id) ? id : undefined);
  const refs = (ids: readonly string[]) => ids.map(ref).filter((x): x is string => x !== undefined);
  const agents = fragment.agents.map((a) => ({ ...a, id: rename.get(a.id) as string, tools: refs(a.tools), watch: refs(a.watch) }));
  const tools = fragment.tools.map((t) => ({ ...t, id: rename.get(t.id) as string }));
  const tasks = fragment.tasks.map((t) => {
    const { agent, ...rest } = t;
    const mapped = agent === undefined ? undefined : ref(agent);
    return {
      ...rest,
      id: rename.get(t.id) as string,
      tools: refs(t.tools),
      ...(t.context ? { context: refs(t.context) } : {}),
      ...(mapped ? { agent: mapped } : {}),
    };
  });
  const layout = { ...crew.layout };
  for (const [oldId, p] of Object.entries(fragment.layout)) {
    const id = rename.get(oldId);
    if (id) layout[id] = { x: p.x + offset.x, y: p.y + offset.y };
  }
  return {
    crew: { ...crew, agents: [...crew.agents, ...agents], tasks: [...crew.tasks, ...tasks], tools: [...crew.tools, ...tools], layout },
    ids: [...rename.values()],
  };
}
