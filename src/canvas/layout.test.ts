import { describe, expect, it } from "vitest";
import { MANAGER_AGENT_ID } from "../engine/events";
import { TEMPLATES } from "../model/templates";
import { tidyLayout } from "./layout";

const crewOf = (id: string) => {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t.crew;
};

describe("tidyLayout", () => {
  it("puts tools, agents and tasks in three columns, left to right", () => {
    const crew = crewOf("research-writer");
    const at = tidyLayout(crew);
    const xs = (ids: string[]) => new Set(ids.map((id) => at[id]?.x));
    expect(xs(crew.tools.map((t) => t.id)).size).toBe(1);
    expect(xs(crew.agents.map((a) => a.id)).size).toBe(1);
    expect(xs(crew.tasks.map((t) => t.id)).size).toBe(1);
    const [tool] = crew.tools;
    const [agent] = crew.agents;
    const [task] = crew.tasks;
    expect(at[tool?.id ?? ""]?.x).toBeLessThan(at[agent?.id ?? ""]?.x ?? 0);
    expect(at[agent?.id ?? ""]?.x).toBeLessThan(at[task?.id ?? ""]?.x ?? 0);
  });

  it("orders tasks top to bottom in run order and puts each agent beside its first task", () => {
    const crew = crewOf("software-team");
    const at = tidyLayout(crew);
    const ys = crew.tasks.map((t) => at[t.id]?.y ?? Number.NaN);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    for (const task of crew.tasks) if (task.agent) expect(at[task.agent]?.y).toBe(at[task.id]?.y);
  });

  it("never overlaps nodes of one column, whatever their measured height", () => {
    const crew = crewOf("trip-planner");
    const tall = new Map(crew.agents.map((a) => [a.id, { width: 260, height: 400 }]));
    const at = tidyLayout(crew, tall);
    const ys = crew.agents.map((a) => at[a.id]?.y ?? 0).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect((ys[i] ?? 0) - (ys[i - 1] ?? 0)).toBeGreaterThanOrEqual(400);
    expect(Object.keys(at).sort()).toEqual([...crew.agents, ...crew.tasks, ...crew.tools].map((n) => n.id).sort());
  });
});

describe("tidyLayout of a hierarchical crew", () => {
  const hierarchical = (managerAgent?: string) => {
    const crew = structuredClone(crewOf("software-team"));
    crew.process = "hierarchical";
    if (managerAgent) crew.settings.managerAgent = managerAgent;
    return crew;
  };

  it("puts the generated manager above every worker, in the agents' column", () => {
    const crew = hierarchical();
    const at = tidyLayout(crew);
    const manager = at[MANAGER_AGENT_ID];
    expect(manager?.x).toBe(at[crew.agents[0]?.id ?? ""]?.x);
    for (const agent of crew.agents) expect((at[agent.id]?.y ?? 0) - (manager?.y ?? 0)).toBeGreaterThanOrEqual(120);
  });

  it("lifts a chosen manager out of the stack of workers to the top", () => {
    const crew = hierarchical();
    const chosen = crew.agents.at(-1)?.id ?? "";
    crew.tasks = crew.tasks.filter((t) => t.agent !== chosen);
    crew.settings.managerAgent = chosen;
    const at = tidyLayout(crew);
    expect(at[MANAGER_AGENT_ID]).toBeUndefined();
    const workers = crew.agents.filter((a) => a.id !== chosen).map((a) => at[a.id]?.y ?? 0);
    expect(at[chosen]?.y).toBeLessThan(Math.min(...workers));
  });
});
