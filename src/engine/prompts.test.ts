import { describe, expect, it } from "vitest";
import { openingMessages, systemPrompt, taskPrompt } from "./prompts";
import { testCrew } from "./testing/harness";
import { promptText, rig, taskText } from "./testing/rig";

const agent = {
  role: "Senior marine biologist specialising in intertidal ecosystems",
  goal: "Explain tide pool life accurately to curious readers",
  backstory: "Spent twenty years surveying rocky shores along the Pacific coast and teaching field courses.",
};
const task = {
  description: "Describe three animals that live in tide pools and how they survive low tide.",
  expectedOutput: "Three short paragraphs, one per animal, each naming the adaptation.",
};

/** The prompt with the user's own texts removed: what the engine itself adds. */
function scaffolding(text: string): string {
  let rest = text;
  for (const own of [...Object.values(agent), ...Object.values(task)]) {
    expect(rest).toContain(own);
    rest = rest.replace(own, "");
  }
  return rest;
}

describe("prompt size", () => {
  it("a trivial one-task crew sends under 800 characters of scaffolding", async () => {
    const r = rig(["answer"]);
    const result = await r.run(testCrew({ agents: [agent], tasks: [task] }));
    expect(result.status).toBe("completed");
    const request = r.provider.calls[0];
    expect(request?.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(request?.tools).toBeUndefined();
    const extra = scaffolding(promptText(request));
    expect(extra.length).toBeLessThan(800);
  });

  it("context grows only with the declared context", async () => {
    const long = "finding ".repeat(250);
    const r = rig([long, "second finding", "third"]);
    await r.run(
      testCrew({
        agents: [agent],
        tasks: [
          { ...task, id: "t1" },
          { ...task, id: "t2", context: [] },
          { ...task, id: "t3", context: ["t2"] },
        ],
      }),
    );
    const [first, second, third] = r.provider.calls.map((c) => promptText(c).length);
    expect(second).toBe(first);
    expect(taskText(r.provider.calls[2])).not.toContain("finding finding");
    // The third prompt is the first one plus only t2's output and its heading.
    expect((third ?? 0) - (first ?? 0)).toBeLessThan("second finding".length + 60);
  });

  it("memories and retry notes only appear when present", () => {
    const parts = { agent, task, context: [] };
    expect(taskPrompt(parts)).not.toMatch(/remember|previous answer/i);
    const withMore = taskPrompt({
      ...parts,
      memories: [{ id: "m1", text: "crabs molt", kind: "long-term", score: 0.9 }],
      retryNote: "Fix the score.",
    });
    expect(withMore).toContain("What you remember:\n- crabs molt");
    expect(withMore.endsWith("Fix the score.")).toBe(true);
  });

  it("a task without an agent gets no system message", () => {
    expect(openingMessages({ agent: null, task, context: [] }).map((m) => m.role)).toEqual(["user"]);
  });

  it("the text protocol lists tools compactly", () => {
    const text = systemPrompt({
      agent,
      task,
      context: [],
      reactTools: [
        {
          name: "add",
          description: "Adds.",
          parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a"] },
        },
      ],
    });
    expect(text).toContain('- add: Adds. Arguments: {"a": number, "b"?: number}');
  });
});
