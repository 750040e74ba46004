import { describe, expect, it } from "vitest";
import { readCrewJson, serializeCrew } from "../io";
import { BUILTIN_TOOLS, type Crew, CrewSchema } from "../schema";
import { validateCrew } from "../validate";
import { TEMPLATES, templateById } from "./index";

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

function nodeIdsOf(crew: Crew): string[] {
  return [...crew.agents.map((a) => a.id), ...crew.tasks.map((t) => t.id), ...crew.tools.map((t) => t.id)];
}

function placeholdersOf(crew: Crew): Set<string> {
  const texts = [
    ...crew.agents.flatMap((a) => [a.role, a.goal, a.backstory]),
    ...crew.tasks.flatMap((t) => [t.description, t.expectedOutput]),
  ];
  return new Set(texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string)));
}

describe.each(TEMPLATES.map((t) => [t.id, t] as const))("template %s", (_id, template) => {
  const { crew } = template;

  it("is exactly what the schema would output", () => {
    expect(CrewSchema.parse(crew)).toStrictEqual(crew);
  });

  it("has no validation problems at all", () => {
    expect(validateCrew(crew)).toEqual([]);
  });

  it("has gallery metadata", () => {
    expect(template.title.trim()).not.toBe("");
    expect(template.summary.trim()).not.toBe("");
    expect(template.tags.length).toBeGreaterThan(0);
    expect(crew.description.trim()).not.toBe("");
  });

  it("leaves the model choice to the device", () => {
    expect(crew.llms).toEqual([]);
    expect(crew.defaultLlm).toBeUndefined();
  });

  it("only uses builtin tools", () => {
    for (const tool of crew.tools) {
      expect(tool.kind).toBe("builtin");
      expect(BUILTIN_TOOLS).toContain(tool.name);
      expect(tool.config).toEqual({});
    }
  });

  it("gives every node a layout position and no two nodes overlap", () => {
    const ids = nodeIdsOf(crew);
    expect(Object.keys(crew.layout).sort()).toEqual([...ids].sort());
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = crew.layout[ids[i] as string];
        const b = crew.layout[ids[j] as string];
        if (!a || !b) throw new Error("missing position");
        const overlap = Math.abs(a.x - b.x) < 280 && Math.abs(a.y - b.y) < 150;
        expect(overlap, `${ids[i]} overlaps ${ids[j]}`).toBe(false);
      }
    }
  });

  it("declares an input for every placeholder it uses", () => {
    const used = placeholdersOf(crew);
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) expect(crew.inputs, `missing input "${name}"`).toHaveProperty([name]);
    for (const value of Object.values(crew.inputs)) expect(value.trim()).not.toBe("");
  });

  it("survives a JSON round trip", () => {
    const result = readCrewJson(serializeCrew(crew));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.crew).toEqual(crew);
    expect(result.problems).toEqual([]);
  });
});

describe("template gallery", () => {
  it("has the seven templates with unique ids", () => {
    const ids = TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      "research-writer",
      "data-analyst",
      "trip-planner",
      "market-research",
      "software-team",
      "brainstorm-room",
      "editorial-team",
    ]);
  });

  it("finds templates by id", () => {
    expect(templateById("trip-planner")?.crew.name).toBe("Trip planner");
    expect(templateById("nope")).toBeUndefined();
  });

  it.each(["trip-planner", "market-research"])("%s runs three async tasks before one final sync task", (id) => {
    const crew = templateById(id)?.crew;
    if (!crew) throw new Error(`no template ${id}`);
    const asyncTasks = crew.tasks.filter((t) => t.async);
    expect(asyncTasks).toHaveLength(3);
    for (const t of asyncTasks) expect(t.context).toEqual([]);
    const last = crew.tasks.at(-1);
    expect(last?.async).toBe(false);
    expect(last?.context).toEqual(asyncTasks.map((t) => t.id));
  });

  it("market research guards its report", () => {
    const report = templateById("market-research")?.crew.tasks.at(-1);
    expect(report?.guardrail?.maxRetries).toBe(2);
  });

  it("data analyst answers with average and count", () => {
    const schema = templateById("data-analyst")?.crew.tasks.at(-1)?.outputSchema as
      | { type: string; properties: Record<string, { type: string }> }
      | undefined;
    expect(schema?.type).toBe("object");
    expect(schema?.properties.average?.type).toBe("number");
    expect(schema?.properties.count?.type).toBe("integer");
  });

  it("software team chains each task to the previous one", () => {
    const tasks = templateById("software-team")?.crew.tasks ?? [];
    expect(tasks).toHaveLength(4);
    tasks.slice(1).forEach((t, i) => {
      expect(t.context).toEqual([tasks[i]?.id]);
    });
  });

  it("editorial team is hierarchical with a generated manager, and leaves its first task to the manager", () => {
    const crew = templateById("editorial-team")?.crew;
    expect(crew?.process).toBe("hierarchical");
    expect(crew?.settings.managerAgent).toBeUndefined();
    expect(crew?.tasks[0]?.agent).toBeUndefined();
    expect(crew?.agents.filter((a) => a.allowDelegation).map((a) => a.id)).toEqual(["writer"]);
  });

  it("brainstorm room is an environment where everyone watches the other two", () => {
    const crew = templateById("brainstorm-room")?.crew;
    expect(crew?.process).toBe("environment");
    expect(crew?.settings.maxRounds).toBe(4);
    const watch = Object.fromEntries((crew?.agents ?? []).map((a) => [a.id, a.watch]));
    expect(watch).toEqual({ alex: ["bob", "chalice"], bob: ["alex", "chalice"], chalice: ["alex", "bob"] });
  });
});
