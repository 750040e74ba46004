import { describe, expect, it } from "vitest";
import { testCrew } from "./testing/harness";
import { indexOf, ofType, rig, stepOf, taskText } from "./testing/rig";

const answer = (request: Parameters<typeof stepOf>[0]) => `output of step ${stepOf(request)}`;

describe("sequential process: order and context", () => {
  it("runs tasks in array order and the crew output is the last task's output", async () => {
    const r = rig(answer);
    const crew = testCrew({
      agents: [{ id: "writer" }, { id: "editor" }],
      tasks: [
        { id: "c", agent: "writer" },
        { id: "a", agent: "editor" },
        { id: "b", agent: "writer" },
      ],
    });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(r.provider.calls.map(stepOf)).toEqual([1, 2, 3]);
    expect(ofType(result.events, "task.started").map((e) => e.taskId)).toEqual(["c", "a", "b"]);
    expect(ofType(result.events, "task.completed").map((e) => e.taskId)).toEqual(["c", "a", "b"]);
    // Each task starts only after the previous one completed.
    expect(indexOf(result.events, "task.completed", "c")).toBeLessThan(indexOf(result.events, "task.started", "a"));
    expect(indexOf(result.events, "task.completed", "a")).toBeLessThan(indexOf(result.events, "task.started", "b"));
    expect(result.raw).toBe("output of step 3");
    expect(result.tasks.map((t) => [t.taskId, t.agentId, t.raw])).toEqual([
      ["c", "writer", "output of step 1"],
      ["a", "editor", "output of step 2"],
      ["b", "writer", "output of step 3"],
    ]);
    expect(result.events.at(-1)).toMatchObject({ type: "run.completed", output: "output of step 3" });
  });

  it("without a context list a task gets the raw outputs of all earlier tasks, in order", async () => {
    const r = rig(answer);
    const result = await r.run(testCrew({ tasks: [{ name: "Research" }, {}, {}] }));
    expect(result.status).toBe("completed");
    expect(taskText(r.provider.calls[0])).not.toContain("Context from earlier tasks");
    expect(taskText(r.provider.calls[1])).toContain("Context from earlier tasks:\n## Research\noutput of step 1");
    const third = taskText(r.provider.calls[2]);
    expect(third).toContain("## Research\noutput of step 1\n\n## t2\noutput of step 2");
    expect(ofType(result.events, "task.started").map((e) => e.context)).toEqual([[], ["Research"], ["Research", "t2"]]);
  });

  it("an explicit context list gives exactly those tasks' outputs, in the listed order", async () => {
    const r = rig(answer);
    const result = await r.run(testCrew({ tasks: [{}, {}, {}, { context: ["t3", "t1"] }] }));
    expect(result.status).toBe("completed");
    const fourth = taskText(r.provider.calls[3]);
    expect(fourth).toContain("## t3\noutput of step 3\n\n## t1\noutput of step 1");
    expect(fourth).not.toContain("output of step 2");
    expect(ofType(result.events, "task.started")[3]?.context).toEqual(["t3", "t1"]);
  });

  it("context [] means no context at all", async () => {
    const r = rig(answer);
    const result = await r.run(testCrew({ tasks: [{}, {}, { context: [] }] }));
    expect(result.status).toBe("completed");
    const third = taskText(r.provider.calls[2]);
    expect(third).not.toContain("Context from earlier tasks");
    expect(third).not.toContain("output of step");
    expect(r.provider.calls[2]?.messages).toHaveLength(2);
  });

  it("passes the raw output, not a summary: long and multi-line outputs arrive whole", async () => {
    const long = `${"line of findings\n".repeat(200)}END`;
    const r = rig([long, "second"]);
    const result = await r.run(testCrew({ tasks: [{}, {}] }));
    expect(result.status).toBe("completed");
    expect(taskText(r.provider.calls[1])).toContain(long);
  });

  it("the crew output is the last task output that says something", async () => {
    const r = rig(["first", "   "]);
    const result = await r.run(testCrew({ tasks: [{}, {}] }));
    expect(result.status).toBe("completed");
    expect(result.tasks.map((t) => t.raw)).toEqual(["first", ""]);
    expect(result.raw).toBe("first");
  });
});
