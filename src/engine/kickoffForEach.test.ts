import { describe, expect, it } from "vitest";
import type { RunEvent } from "./events";
import { kickoffForEach } from "./kickoff";
import type { ChatRequest } from "./ports";
import { testCrew } from "./testing/harness";
import { promptText, rig, taskText } from "./testing/rig";

const topicOf = (request: ChatRequest) => /About (\w+)/.exec(promptText(request))?.[1] ?? "?";

// Rows overlap (real delays, two at a time), so anything shared between runs would show up here.
describe("kickoffForEach isolation under concurrency", () => {
  const twoTasks = () =>
    testCrew({ tasks: [{ description: "About {topic}: notes" }, { description: "Summarise the notes", context: ["t1"] }] });
  // The first row is the slowest, so rows end out of order.
  const script = (request: ChatRequest) => {
    const topic = /About (\w+)/.exec(taskText(request))?.[1];
    if (topic) return { content: `NOTES-${topic}`, delayMs: topic === "crabs" ? 60 : 10 };
    const seen = /NOTES-(\w+)/g;
    return { content: `SUMMARY of ${[...promptText(request).matchAll(seen)].map((m) => m[1]).join("+")}`, delayMs: 10 };
  };

  it("a task's context holds only its own run's outputs, and results stay in input order", async () => {
    const r = rig(script, { realDelays: true });
    const { results } = await kickoffForEach(
      twoTasks(),
      ["crabs", "snails", "kelp"].map((topic) => ({ topic })),
      { ...r.options, concurrency: 2 },
    );
    expect(r.provider.maxInFlight).toBe(2);
    expect(results.map((x) => x.raw)).toEqual(["SUMMARY of crabs", "SUMMARY of snails", "SUMMARY of kelp"]);
    expect(results.map((x) => x.tasks.map((t) => t.raw))).toEqual([
      ["NOTES-crabs", "SUMMARY of crabs"],
      ["NOTES-snails", "SUMMARY of snails"],
      ["NOTES-kelp", "SUMMARY of kelp"],
    ]);
  });

  it("each run's events carry its own run id and numbering; a shared listener can split them back exactly", async () => {
    const seen: RunEvent[] = [];
    const r = rig(script, { realDelays: true, kickoff: { onEvent: (e) => seen.push(e) } });
    const { results } = await kickoffForEach(
      twoTasks(),
      ["crabs", "snails", "kelp"].map((topic) => ({ topic })),
      { ...r.options, concurrency: 3 },
    );
    // The listener heard the runs interleaved…
    const order = seen.map((e) => e.runId);
    expect(order.indexOf(results[1]?.runId as string)).toBeLessThan(order.lastIndexOf(results[0]?.runId as string));
    for (const result of results) {
      // …and each run's share of it is exactly its own log, numbered from 1 without gaps.
      const mine = seen.filter((e) => e.runId === result.runId);
      expect(mine).toEqual(result.events);
      expect(mine.map((e) => e.seq)).toEqual(mine.map((_, i) => i + 1));
      const started = mine[0];
      expect(started?.type).toBe("run.started");
      expect(result.tasks[0]?.raw).toBe(`NOTES-${started?.type === "run.started" ? started.inputs.topic : ""}`);
    }
    expect(seen).toHaveLength(results.reduce((n, x) => n + x.events.length, 0));
  });

  it("the total usage counts every row, failed ones too", async () => {
    const r = rig(
      (request) =>
        topicOf(request) === "bad"
          ? new Error("boom")
          : { content: `ok ${topicOf(request)}`, usage: { promptTokens: 7, completionTokens: 3 } },
      { kickoff: { retry: { attempts: 1, baseMs: 1, maxMs: 1 } } },
    );
    const crew = testCrew({ tasks: [{ description: "About {topic}" }] });
    const { results, usage } = await kickoffForEach(crew, [{ topic: "good" }, { topic: "bad" }, { topic: "fine" }], r.options);
    expect(results.map((x) => x.status)).toEqual(["completed", "failed", "completed"]);
    expect(usage.totalTokens).toBe(results.reduce((n, x) => n + x.usage.totalTokens, 0));
    expect(usage.requests).toBe(results.reduce((n, x) => n + x.usage.requests, 0));
    expect(results[0]?.usage).toMatchObject({ promptTokens: 7, completionTokens: 3, totalTokens: 10 });
  });
});
