import { describe, expect, it } from "vitest";
import type { TaskOutput } from "./events";
import { CrewInvalidError } from "./kickoff";
import { readPlans } from "./planning";
import { type ChatRequest, LlmError } from "./ports";
import { testCrew } from "./testing/harness";
import { indexOf, ofType, rig, stepOf, taskText } from "./testing/rig";

const isPlanner = (request: ChatRequest) => request.responseFormat?.name === "crew_plan";
const plansFor = (ids: string[]) =>
  JSON.stringify({ plans: ids.map((id) => ({ taskId: id, plan: `1. PLAN-${id} first\n2. PLAN-${id} second` })) });

/** Answers the planner with `planner` (default: a plan per planned task) and every task with "output of step n". */
const script =
  (planner?: (request: ChatRequest) => string) =>
  (request: ChatRequest): string => {
    if (!isPlanner(request)) return `output of step ${stepOf(request)}`;
    if (planner) return planner(request);
    const schema = request.responseFormat?.schema as { properties: { plans: { items: { properties: { taskId: { enum: string[] } } } } } };
    return plansFor(schema.properties.plans.items.properties.taskId.enum);
  };

const taskCall = (calls: ChatRequest[], step: number) => taskText(calls.find((c) => stepOf(c) === step));

describe("crew planning", () => {
  it("plans once before the first task and puts each plan in its own task's prompt, never in the stored task", async () => {
    const r = rig(script());
    const crew = testCrew({
      settings: { planning: true },
      tasks: [{}, {}, { description: "Do step 3 about {topic}" }],
      inputs: { topic: "bees" },
    });
    const before = structuredClone(crew);
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(r.provider.calls.map((c) => (isPlanner(c) ? "planner" : stepOf(c)))).toEqual(["planner", 1, 2, 3]);
    const events = result.events;
    const [created] = ofType(events, "plan.created");
    expect(created?.plans.map((p) => p.taskId)).toEqual(["t1", "t2", "t3"]);
    expect(created?.warning).toBeUndefined();
    expect(indexOf(events, "plan.created")).toBeLessThan(indexOf(events, "task.started", "t1"));
    for (const step of [1, 2, 3]) {
      const text = taskCall(r.provider.calls, step);
      expect(text).toContain(
        `Plan for this task (written by the crew's planner before the run):\n1. PLAN-t${step} first\n2. PLAN-t${step} second`,
      );
      for (const other of [1, 2, 3].filter((s) => s !== step)) expect(text).not.toContain(`PLAN-t${other}`);
    }
    // The plan rides next to the description, not inside it, and the crew document is untouched.
    expect(taskCall(r.provider.calls, 3)).toMatch(/^Task: Do step 3 about bees\n\nExpected output: Result 3\n/);
    expect(crew).toEqual(before);
    expect(result.usage.requests).toBe(4);
  });

  it("tells the planner about every task (inputs filled, agent, tools, context, condition) and uses planningLlm", async () => {
    const r = rig(script());
    const models: (string | undefined)[] = [];
    r.options.resolveLlm = (config) => {
      models.push(config?.id);
      return { provider: r.provider, model: config?.model ?? "none" };
    };
    const crew = testCrew({
      settings: { planning: true, planningLlm: "planner" },
      llms: [
        { id: "planner", provider: "openai-compatible", model: "big-planner" },
        { id: "worker", provider: "openai-compatible", model: "small-worker" },
      ],
      defaultLlm: "worker",
      agents: [{ role: "Bee keeper", goal: "Know {topic}", tools: ["tool1"] }],
      tools: [{ name: "echo" }],
      tasks: [
        { name: "Research", description: "Study {topic}" },
        { context: ["t1"], condition: { type: "rule", rule: "The research found {topic}" } },
      ],
      inputs: { topic: "bees" },
    });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    const planner = r.provider.calls[0] as ChatRequest;
    expect(isPlanner(planner)).toBe(true);
    expect(planner.model).toBe("big-planner");
    expect(r.provider.calls.slice(1).every((c) => c.model === "small-worker")).toBe(true);
    expect(models[0]).toBe("planner");
    const brief = planner.messages[1]?.content ?? "";
    expect(planner.messages[0]?.content).toContain("Reply with only JSON");
    expect(brief).toContain('### Task "t1": Research');
    expect(brief).toContain("Description: Study bees");
    expect(brief).toContain("Agent: Bee keeper; goal: Know bees");
    expect(brief).toContain("Tools: echo");
    expect(brief).toContain('Reads the output of: "t1"');
    expect(brief).toContain("Runs only if: The research found bees");
    expect(brief.indexOf('Task "t1"')).toBeLessThan(brief.indexOf('Task "t2"'));
  });

  it("on a fork plans only the tasks that will run", async () => {
    const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2, requests: 1, estimated: false };
    const saved: TaskOutput = { taskId: "t1", agentId: "a1", raw: "saved output 1", usage };
    const r = rig(script(), { kickoff: { restore: { fromRunId: "old", taskId: "t2", outputs: [saved] } } });
    const result = await r.run(testCrew({ settings: { planning: true }, tasks: [{}, {}, {}] }));
    expect(result.status).toBe("completed");
    const planner = r.provider.calls.find(isPlanner);
    expect(planner?.messages[1]?.content).not.toContain('Task "t1"');
    expect(planner?.messages[1]?.content).toContain('Task "t2"');
    expect(ofType(result.events, "plan.created")[0]?.plans.map((p) => p.taskId)).toEqual(["t2", "t3"]);
    expect(r.provider.calls.filter((c) => !isPlanner(c)).map(stepOf)).toEqual([2, 3]);
    expect(taskCall(r.provider.calls, 2)).toContain("PLAN-t2 first");
  });

  it("runs without plans, and says so, when the planner's answer holds no usable plan", async () => {
    const r = rig(script(() => "Sure! Here is my plan: work hard."));
    const result = await r.run(testCrew({ settings: { planning: true }, tasks: [{}, {}] }));
    expect(result.status).toBe("completed");
    const [created] = ofType(result.events, "plan.created");
    expect(created?.plans).toEqual([]);
    expect(created?.warning).toContain("no usable plan");
    expect(created?.warning).toContain("work hard");
    for (const step of [1, 2]) expect(taskCall(r.provider.calls, step)).not.toContain("Plan for this task");
  });

  it("names the tasks the planner left out; they run without a plan", async () => {
    const r = rig(script(() => plansFor(["t1", "ghost"])));
    const result = await r.run(testCrew({ settings: { planning: true }, tasks: [{}, {}] }));
    const [created] = ofType(result.events, "plan.created");
    expect(created?.plans.map((p) => p.taskId)).toEqual(["t1"]);
    expect(created?.warning).toBe('the planner gave no plan for "t2", which run without one');
    expect(taskCall(r.provider.calls, 1)).toContain("PLAN-t1 first");
    expect(taskCall(r.provider.calls, 2)).not.toContain("Plan for this task");
  });

  it("fails the run, naming the planner, when its request fails; no task is sent", async () => {
    const r = rig([new LlmError("client", "scripted: HTTP 401: bad key", { status: 401 })]);
    const result = await r.run(testCrew({ settings: { planning: true }, tasks: [{}] }));
    expect(result.status).toBe("failed");
    expect(result.error).toBe("crew planning failed: scripted: HTTP 401: bad key");
    expect(r.provider.calls).toHaveLength(1);
    expect(ofType(result.events, "task.started")).toHaveLength(0);
  });

  it("refuses a planningLlm that names no model config, before anything is sent", async () => {
    const r = rig(script());
    const error = await r.run(testCrew({ settings: { planning: true, planningLlm: "ghost" }, tasks: [{}] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrewInvalidError);
    expect((error as CrewInvalidError).problems.map((p) => [p.path.join("."), p.message])).toEqual([
      ["settings.planningLlm", 'the planning model refers to unknown model config "ghost"'],
    ]);
    expect(r.provider.calls).toHaveLength(0);
  });

  it("sends no planner request when planning is off", async () => {
    const r = rig(script());
    await r.run(testCrew({ tasks: [{}] }));
    expect(r.provider.calls.some(isPlanner)).toBe(false);
    expect(taskCall(r.provider.calls, 1)).not.toContain("Plan for this task");
  });
});

describe("readPlans", () => {
  const ids = ["a", "b", "c"];
  it("reads the schema's shape, fenced or wrapped in prose", () => {
    const plans = readPlans('Here:\n```json\n{"plans": [{"taskId": "a", "plan": "1. x"}, {"taskId": "b", "plan": "  "}]}\n```', ids);
    expect([...plans]).toEqual([["a", "1. x"]]);
    expect([...readPlans('Plans: {"plans": [{"taskId": "c", "plan": "do c"}]} Good luck!', ids)]).toEqual([["c", "do c"]]);
  });

  it("reads bare arrays, task numbers, step lists and id maps; drops unknown tasks", () => {
    expect([...readPlans('[{"task_number": 2, "steps": ["look", "2) write"]}, {"task": "zzz", "plan": "no"}]', ids)]).toEqual([
      ["b", "1. look\n2) write"],
    ]);
    expect([...readPlans('{"a": "plan a", "c": ["one"], "other": "x"}', ids)]).toEqual([
      ["a", "plan a"],
      ["c", "1. one"],
    ]);
    expect(readPlans("no json at all", ids).size).toBe(0);
  });
});
