import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody } from "../../engine/events";
import { buildConsole } from "./consoleRows";
import type { LineRow } from "./consoleTypes";

let seq = 0;
const ev = (body: RunEventBody): RunEvent => ({ ...body, seq: ++seq, ts: seq, runId: "r1" }) as RunEvent;

describe("console memory and knowledge lines", () => {
  it("says what was recalled, saved and found, with scores in the detail, inside the task's section", () => {
    const model = buildConsole([
      ev({ type: "task.started", taskId: "t1", agentId: "a1", attempt: 1, context: [] }),
      ev({
        type: "memory.retrieved",
        taskId: "t1",
        agentId: "a1",
        query: "Plan a walk in Porto",
        items: [
          { id: "m1", kind: "long-term", text: 'Result of "Walk": the Ribeira is busy', score: 0.81 },
          { id: "m2", kind: "entity", text: "Ribeira is by the river.", score: 0.5, entity: "Ribeira" },
        ],
      }),
      ev({ type: "memory.retrieved", taskId: "t1", agentId: "a1", query: "x", items: [] }),
      ev({
        type: "knowledge.retrieved",
        taskId: "t1",
        agentId: "a1",
        query: "Porto",
        via: "tool",
        chunks: [{ chunkId: "c1", sourceId: "s1", source: "guide.md", text: "Porto has bridges.", score: 0.7 }],
      }),
      ev({
        type: "memory.saved",
        taskId: "t1",
        agentId: "a1",
        items: [
          { id: "m3", kind: "short-term", text: "walk" },
          { id: "m4", kind: "entity", text: "Ribeira again", entity: "Ribeira" },
        ],
      }),
      ev({ type: "memory.error", taskId: "t1", operation: "save", error: "quota exceeded" }),
      ev({ type: "memory.error", taskId: "t1", operation: "retrieve", error: "embeddings (e5) failed: 500", degraded: true }),
    ]);
    const lines = model.rows.filter((r): r is LineRow => r.type === "line" && r.text !== "Started");
    expect(lines.map((l) => l.text)).toEqual([
      "Recalled 2 memories (1 long-term, 1 entity)",
      "Recalled no memory (nothing scored above the threshold)",
      "search_knowledge found 1 knowledge passage from guide.md",
      "Saved 2 memories (1 short-term, 1 entity): Ribeira",
      "Could not save memories; the task went on without",
      "Recalled memories by words only: the embedding model failed",
    ]);
    expect(lines[0]?.detail).toBe(
      'Searched for: Plan a walk in Porto\n\n[long-term, score 0.81] Result of "Walk": the Ribeira is busy\n[entity: Ribeira, score 0.50] Ribeira is by the river.',
    );
    expect(lines[4]).toMatchObject({ tone: "warn", detail: "quota exceeded" });
    expect(lines.every((l) => l.taskId === "t1" && l.kind === "task")).toBe(true);
  });
});
