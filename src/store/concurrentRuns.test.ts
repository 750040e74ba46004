import { describe, expect, it } from "vitest";
import type { RunEvent } from "../engine/events";
import { taskText } from "../engine/testing/rig";
import type { Crew } from "../model";
import { testAgent, testCrew, testTask } from "../model/testCrews";
import { gate, storeRig, until } from "./testing/storeRig";

function crewOf(name: string, steps: string[], humanInput = false): Crew {
  return testCrew({
    name,
    agents: [testAgent("a1")],
    tasks: steps.map((d, i) => testTask(`t${i + 1}`, { description: d, agent: "a1", humanInput: humanInput && i === 0 })),
  });
}

const savedEvents = async (runs: { events(id: string): Promise<unknown[]> }, id: string) => (await runs.events(id)) as RunEvent[];

describe("several crews running at once", () => {
  it("runs crew B while crew A goes; each is folded, and opening a crew shows its own run as it is now", async () => {
    const holdA = gate();
    const { s, runs } = await storeRig(async (req) => {
      if (taskText(req).includes("Alpha one")) await holdA.promise;
      return `done: ${/Task: (\w+ \w+)/.exec(taskText(req))?.[1]}`;
    });
    const crewA = await s().createCrew(crewOf("Crew A", ["Alpha one", "Alpha two"]));
    expect(s().startRun({})).toBeNull();
    const runA = s().liveRun?.runId as string;
    await until(() => s().run?.nodes.t1?.status === "running", "A's first task at work");

    const crewB = await s().createCrew(crewOf("Crew B", ["Beta one"]));
    // Crew B has no run of its own yet: nothing of A's is shown on B's canvas, and Run is offered.
    expect(s().run).toBeNull();
    expect(s().liveRun).toBeNull();
    expect(s().startRun({})).toBeNull();
    const runB = s().liveRun?.runId as string;
    expect(Object.keys(s().liveRuns).sort()).toEqual([runA, runB].sort());
    expect(s().liveRuns[runA]?.crewName).toBe("Crew A");

    await until(() => !s().liveRuns[runB], "B to end");
    expect(s().run?.runId).toBe(runB);
    expect(s().run?.status).toBe("completed");
    expect(s().run?.outputs.t1?.raw).toBe("done: Beta one");
    expect(Object.keys(s().liveRuns)).toEqual([runA]);
    expect(s().history.map((h) => h.id)).toEqual([runB]);

    await s().openCrew(crewA);
    expect(s().run?.runId).toBe(runA);
    expect(s().liveRun?.runId).toBe(runA);
    expect(s().run?.nodes.t1?.status).toBe("running");
    expect(s().runEvents.every((e) => e.runId === runA)).toBe(true);
    holdA.open();
    await until(() => s().run?.status === "completed", "A to complete");
    expect(s().run?.outputs.t2?.raw).toBe("done: Alpha two");
    // Everything A did while B was open was folded: the view is the same as the saved log, event for event.
    await until(() => runs.runs.get(runA)?.status === "completed", "A's record");
    expect((await savedEvents(runs, runA)).map((e) => e.seq)).toEqual(s().runEvents.map((e) => e.seq));
    expect(runs.runs.get(runA)).toMatchObject({ crewId: crewA, status: "completed", output: "done: Alpha two" });
    expect(runs.runs.get(runB)).toMatchObject({ crewId: crewB, status: "completed", output: "done: Beta one" });

    await s().openCrew(crewB);
    expect(s().run?.runId).toBe(runB);
  });

  it("Stop acts on the open crew's run only: B stops, A goes on to the end", async () => {
    const { s, runs, engine } = await storeRig((req) => ({ content: `ok ${taskText(req).slice(6, 16)}`, delayMs: 60 }));
    const crewA = await s().createCrew(crewOf("Crew A", ["Alpha one", "Alpha two", "Alpha three"]));
    s().startRun({});
    const runA = s().liveRun?.runId as string;
    await s().createCrew(crewOf("Crew B", ["Beta one", "Beta two", "Beta three"]));
    s().startRun({});
    const runB = s().liveRun?.runId as string;
    await until(() => engine.provider.calls.length >= 2, "both runs to send");
    s().stopRun();
    await engine.settled();
    await until(() => runs.runs.get(runA)?.status !== "running", "A's record");
    expect(runs.runs.get(runB)?.status).toBe("cancelled");
    expect(runs.runs.get(runA)?.status).toBe("completed");
    const a = await savedEvents(runs, runA);
    const b = await savedEvents(runs, runB);
    // The two logs interleave in time: B started while A went, A ended after B was stopped.
    expect(a[0]?.ts ?? 0).toBeLessThanOrEqual(b[0]?.ts ?? 0);
    expect(a.at(-1)?.ts ?? 0).toBeGreaterThanOrEqual(b.at(-1)?.ts ?? 0);
    expect(a.at(-1)?.type).toBe("run.completed");
    expect(b.at(-1)?.type).toBe("run.cancelled");
    expect(engine.provider.calls.filter((c) => taskText(c).includes("Alpha"))).toHaveLength(3);
    await s().openCrew(crewA);
    expect(s().run?.status).toBe("completed");
    expect(s().liveRun).toBeNull();
  });

  it("a review asked for by a background crew's run is flagged, and answered once that crew is open", async () => {
    const { s } = await storeRig((req) => `answer to ${taskText(req).slice(6, 16)}`);
    const crewA = await s().createCrew(crewOf("Crew A", ["Alpha one", "Alpha two"], true));
    s().startRun({});
    const runA = s().liveRun?.runId as string;
    await s().createCrew(crewOf("Crew B", ["Beta one"]));
    await until(() => s().liveRuns[runA]?.reviewing === true, "A to wait for a review");
    expect(s().review).toBeNull();
    expect(s().toasts.at(-1)?.message).toBe("“Crew A” waits for your review");
    expect(s().toasts.at(-1)?.action?.label).toBe("Open");

    await s().openCrew(crewA);
    expect(s().review?.task.id).toBe("t1");
    expect(s().review?.output).toBe("answer to Alpha one");
    s().answerReview({ approved: true });
    await until(() => s().run?.status === "completed", "A to complete");
    expect(s().liveRuns).toEqual({});
  });

  it("refuses a second run of the same crew while one goes, naming it", async () => {
    const hold = gate();
    const { s } = await storeRig(async () => {
      await hold.promise;
      return "x";
    });
    await s().createCrew(crewOf("Crew A", ["Alpha one"]));
    expect(s().startRun({})).toBeNull();
    expect(s().startRun({})).toBe("a run of “Crew A” is going; stop it first");
    expect(s().startBatch([{}], 2)).toBe("a run of “Crew A” is going; stop it first");
    hold.open();
    await until(() => s().liveRun === null, "the run to end");
  });
});
