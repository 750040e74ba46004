import type { StateCreator } from "zustand";
import { type Crew, newNode, nodeIds } from "../model";
import { connect, deleteNodes, disconnect, reorderTask } from "./crewOps";
import type { AppState, DocSlice } from "./types";

/** Marks the next document change as part of a burst (typing in one field) that undo treats as one step. */
export type Coalesce = (key: string | null) => void;

/** Sets object keys, removing those set to undefined so optional fields really disappear. */
export function patchObject<T extends object>(base: T, patch: Record<string, unknown>): T {
  const next = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

/** The document slice: every edit goes through `edit` so undo history sees one change per action. */
export function createDocSlice(initial: Crew, coalesce: Coalesce): StateCreator<AppState, [], [], DocSlice> {
  return (set, get) => {
    const edit = (change: (crew: Crew) => Crew, key: string | null = null) => {
      coalesce(key);
      set({ crew: change(get().crew) });
    };
    return {
      crew: initial,
      crewId: null,
      applyCrew(crew) {
        edit(() => crew);
      },
      addNode(kind, position, toolName) {
        const node = newNode(kind, nodeIds(get().crew), toolName);
        edit((crew) => {
          const layout = { ...crew.layout, [node.id]: { x: Math.round(position.x), y: Math.round(position.y) } };
          if (kind === "agent") return { ...crew, agents: [...crew.agents, node as Crew["agents"][number]], layout };
          if (kind === "task") return { ...crew, tasks: [...crew.tasks, node as Crew["tasks"][number]], layout };
          return { ...crew, tools: [...crew.tools, node as Crew["tools"][number]], layout };
        });
        get().select([node.id]);
        return node.id;
      },
      updateAgent(id, patch) {
        edit(
          (c) => ({ ...c, agents: c.agents.map((a) => (a.id === id ? patchObject(a, patch) : a)) }),
          `agent:${id}:${Object.keys(patch)}`,
        );
      },
      updateTask(id, patch) {
        edit((c) => ({ ...c, tasks: c.tasks.map((t) => (t.id === id ? patchObject(t, patch) : t)) }), `task:${id}:${Object.keys(patch)}`);
      },
      updateTool(id, patch) {
        edit((c) => ({ ...c, tools: c.tools.map((t) => (t.id === id ? patchObject(t, patch) : t)) }), `tool:${id}:${Object.keys(patch)}`);
      },
      updateCrew(patch) {
        edit((c) => patchObject(c, patch), `crew:${Object.keys(patch)}`);
      },
      updateSettings(patch) {
        edit((c) => ({ ...c, settings: patchObject(c.settings, patch) }), `settings:${Object.keys(patch)}`);
      },
      setPositions(positions) {
        const rounded = Object.fromEntries(Object.entries(positions).map(([id, p]) => [id, { x: Math.round(p.x), y: Math.round(p.y) }]));
        edit((c) => ({ ...c, layout: { ...c.layout, ...rounded } }));
      },
      connectNodes(a, b) {
        const result = connect(get().crew, a, b);
        if (!result.ok) return result.reason;
        edit(() => result.crew);
        return null;
      },
      removeEdges(edges) {
        if (edges.length === 0) return;
        edit((crew) => edges.reduce(disconnect, crew));
        get().select(get().selection, []);
      },
      deleteNodes(ids) {
        if (ids.length === 0) return;
        edit((crew) => deleteNodes(crew, ids));
        get().select([]);
      },
      moveTask(id, toIndex) {
        const result = reorderTask(get().crew, id, toIndex);
        if (!result.ok) return result.reason;
        if (result.crew !== get().crew) edit(() => result.crew);
        return null;
      },
    };
  };
}
