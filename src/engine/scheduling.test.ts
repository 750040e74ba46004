import { describe, expect, it } from "vitest";
import type { ChatRequest } from "./ports";
import { testCrew } from "./testing/harness";
import { indexOf, ofType, rig, stepOf, taskText } from "./testing/rig";

/** Answers "output of step n" after a real delay, so calls overlap. */
const slow = (ms: number | ((step: number) => number)) => (request: ChatRequest) => {
  const step = stepOf(request) ?? 0;
  return { content: `output of step ${step}`, delayMs: typeof ms === "number" ? ms : ms(step) };
};

function textOfStep(calls: ChatRequest[], step: number): string {
  return taskText(calls.find((c) => stepOf(c) === step));
}

describe("async tasks", () => {
  it("start at once and run concurrently; the following sync task starts only after all of them completed", async () => {
    const r = rig(slow(30), { realDelays: true });
    const crew = testCrew({ tasks: [{ async: true }, { async: true }, { async: true }, {}] });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(r.provider.maxInFlight).toBe(3);
    const events = result.events;
    const firstCompletion = indexOf(events, "task.completed");
    for (const id of ["t1", "t2", "t3"]) expect(indexOf(events, "task.started", id)).toBeLessThan(firstCompletion);
    const t4Started = indexOf(events, "task.started", "t4");
    for (const id of ["t1", "t2", "t3"]) expect(indexOf(events, "task.completed", id)).toBeLessThan(t4Started);
    expect(textOfStep(r.provider.calls, 4)).toContain("## t3\noutput of step 3");
    expect(result.raw).toBe("output of step 4");
  });

  it("an async task without context gets the outputs finished before its batch; with context, exactly those", async () => {
    const r = rig(slow(10), { realDelays: true });
    const crew = testCrew({
      tasks: [{}, {}, { async: true }, { async: true, context: ["t1"] }, { async: true }, {}],
    });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    const started = Object.fromEntries(ofType(result.events, "task.started").map((e) => [e.taskId, e.context]));
    expect(started).toEqual({
      t1: [],
      t2: ["t1"],
      t3: ["t1", "t2"],
      t4: ["t1"],
      t5: ["t1", "t2"],
      t6: ["t1", "t2", "t3", "t4", "t5"],
    });
    expect(textOfStep(r.provider.calls, 3)).toContain("output of step 2");
    expect(textOfStep(r.provider.calls, 4)).not.toContain("output of step 2");
    expect(textOfStep(r.provider.calls, 5)).not.toContain("output of step 3");
    expect(textOfStep(r.provider.calls, 6)).toContain("## t5\noutput of step 5");
  });

  it("async tasks at the start of the crew get no context, and the run waits for a trailing async batch", async () => {
    const r = rig(slow(10), { realDelays: true });
    const result = await r.run(testCrew({ tasks: [{ async: true }, { async: true }, {}, { async: true }, { async: true }] }));
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "task.started").map((e) => e.context.length)).toEqual([0, 0, 2, 3, 3]);
    expect(result.tasks.map((t) => t.taskId)).toEqual(["t1", "t2", "t3", "t4", "t5"]);
    expect(result.raw).toBe("output of step 5");
  });
});

describe("DAG scheduling", () => {
  it("starts a task as soon as its declared context is done, not in list order", async () => {
    const r = rig(
      slow((step) => (step === 2 ? 150 : 5)),
      { realDelays: true },
    );
    const crew = testCrew({ settings: { dagScheduling: true }, tasks: [{}, { context: ["t1"] }, { context: ["t1"] }, {}] });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    const events = result.events;
    expect(indexOf(events, "task.started", "t3")).toBeLessThan(indexOf(events, "task.completed", "t2"));
    expect(indexOf(events, "task.completed", "t3")).toBeLessThan(indexOf(events, "task.completed", "t2"));
    // t4 has no declared context, so it reads (and waits for) every earlier task.
    expect(indexOf(events, "task.completed", "t2")).toBeLessThan(indexOf(events, "task.started", "t4"));
    expect(textOfStep(r.provider.calls, 3)).not.toContain("output of step 2");
    expect(ofType(events, "task.started").find((e) => e.taskId === "t4")?.context).toEqual(["t1", "t2", "t3"]);
    expect(result.tasks.map((t) => t.taskId)).toEqual(["t1", "t2", "t3", "t4"]);
  });

  it("without dagScheduling a sync task with narrow context still waits for the slow earlier task", async () => {
    const r = rig(
      slow((step) => (step === 2 ? 40 : 5)),
      { realDelays: true },
    );
    const result = await r.run(testCrew({ tasks: [{}, { context: ["t1"] }, { context: ["t1"] }] }));
    expect(indexOf(result.events, "task.completed", "t2")).toBeLessThan(indexOf(result.events, "task.started", "t3"));
  });
});

describe("concurrency cap", () => {
  const onceEach = (result: Awaited<ReturnType<ReturnType<typeof rig>["run"]>>, ids: string[]) => {
    const started = ofType(result.events, "task.started");
    expect(started.map((e) => e.taskId).sort()).toEqual([...ids].sort());
    expect(started.every((e) => e.attempt === 1)).toBe(true);
    expect(
      ofType(result.events, "task.completed")
        .map((e) => e.taskId)
        .sort(),
    ).toEqual([...ids].sort());
  };

  for (const count of [5, 8, 20]) {
    it(`settings.concurrency=2 keeps ${count} async tasks to 2 requests in flight, each task running once`, async () => {
      const r = rig(slow(8), { realDelays: true });
      const tasks = Array.from({ length: count }, () => ({ async: true }));
      const result = await r.run(testCrew({ settings: { concurrency: 2 }, tasks }));
      expect(result.status).toBe("completed");
      expect(r.provider.maxInFlight).toBe(2);
      expect(r.provider.calls).toHaveLength(count);
      onceEach(
        result,
        tasks.map((_, i) => `t${i + 1}`),
      );
      expect(new Set(r.provider.calls.map(stepOf)).size).toBe(count);
      expect(result.usage.requests).toBe(count);
    });
  }

  it("the default cap (8) holds with 20 parallel tasks", async () => {
    const r = rig(slow(8), { realDelays: true });
    const tasks = Array.from({ length: 20 }, () => ({ async: true }));
    const result = await r.run(testCrew({ tasks }));
    expect(result.status).toBe("completed");
    expect(r.provider.maxInFlight).toBe(8);
    expect(r.provider.calls).toHaveLength(20);
    onceEach(
      result,
      tasks.map((_, i) => `t${i + 1}`),
    );
  });

  it("the cap also holds in DAG mode", async () => {
    const r = rig(slow(8), { realDelays: true });
    const tasks = [{}, ...Array.from({ length: 6 }, () => ({ context: ["t1"] }))];
    const result = await r.run(testCrew({ settings: { concurrency: 3, dagScheduling: true }, tasks }));
    expect(result.status).toBe("completed");
    expect(r.provider.maxInFlight).toBe(3);
    expect(r.provider.calls).toHaveLength(7);
  });
});
