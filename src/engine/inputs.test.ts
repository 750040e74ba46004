import { describe, expect, it } from "vitest";
import { CrewInvalidError } from "./kickoff";
import { testCrew } from "./testing/harness";
import { rig } from "./testing/rig";

describe("run inputs", () => {
  it("fills {name} in agent and task texts from run inputs, falling back to crew.inputs, and leaves JSON braces alone", async () => {
    const r = rig(["done"]);
    const crew = testCrew({
      inputs: { topic: "crew default topic", year: "1999" },
      agents: [{ role: "{topic} researcher", goal: "Cover {topic} for {year}", backstory: "Knows {year} well." }],
      tasks: [{ description: 'Write about {topic}. Reply like {"topic": "{topic}", "n": 1}', expectedOutput: "A {year} summary" }],
    });
    const result = await r.run(crew, { topic: "tide pools" });
    expect(result.status).toBe("completed");
    const [system, user] = r.provider.calls[0]?.messages ?? [];
    expect(system?.content).toContain("You are tide pools researcher.");
    expect(system?.content).toContain("Your goal: Cover tide pools for 1999");
    expect(system?.content).toContain("Knows 1999 well.");
    expect(user?.content).toContain('Task: Write about tide pools. Reply like {"topic": "tide pools", "n": 1}');
    expect(user?.content).toContain("Expected output: A 1999 summary");
    expect(user?.content).not.toMatch(/\{topic\}|\{year\}/);
    // The stored crew keeps its placeholders.
    expect(crew.tasks[0]?.description).toContain("{topic}");
    expect(crew.agents[0]?.role).toBe("{topic} researcher");
  });

  it("reports run.started with the resolved inputs", async () => {
    const r = rig(["ok"]);
    const crew = testCrew({ inputs: { a: "1", b: "2" }, tasks: [{ description: "Use {a} and {b}" }] });
    const result = await r.run(crew, { b: "20" });
    expect(result.events[0]).toMatchObject({ type: "run.started", inputs: { a: "1", b: "20" } });
  });

  it("rejects with CrewInvalidError naming a missing input and sends no request", async () => {
    const r = rig(["never"]);
    const crew = testCrew({
      inputs: { topic: "x" },
      agents: [{ goal: "Write for {audience}" }],
      tasks: [{ description: "About {topic}" }],
    });
    const events: string[] = [];
    r.options.onEvent = (e) => events.push(e.type);
    const error = await r.run(crew, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrewInvalidError);
    const invalid = error as CrewInvalidError;
    expect(invalid.message).toContain("{audience}");
    expect(invalid.problems).toEqual([expect.objectContaining({ code: "missing-input", path: ["inputs", "audience"] })]);
    expect(invalid.problems[0]?.message).toContain('agent "a1" goal');
    expect(r.provider.calls).toHaveLength(0);
    expect(events).toHaveLength(0);
  });

  it("names every missing input, in task texts too, and still sends nothing", async () => {
    const r = rig(["never"]);
    const crew = testCrew({ tasks: [{ description: "About {topic}", expectedOutput: "For {reader}" }] });
    await expect(r.run(crew, { unrelated: "1" })).rejects.toThrow(/\{topic\}[\s\S]*\{reader\}/);
    expect(r.provider.calls).toHaveLength(0);
  });

  it("an empty-string input counts as given", async () => {
    const r = rig(["ok"]);
    const crew = testCrew({ tasks: [{ description: "About [{topic}]" }] });
    const result = await r.run(crew, { topic: "" });
    expect(result.status).toBe("completed");
    expect(r.provider.calls[0]?.messages.at(-1)?.content).toContain("About []");
  });
});
