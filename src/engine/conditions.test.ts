import { describe, expect, it } from "vitest";
import type { Condition } from "../model";
import { evaluateJsonPath, type JsonPathCondition } from "./conditions";
import type { TaskOutput } from "./events";
import { CrewInvalidError } from "./kickoff";
import { type ChatRequest, LlmError } from "./ports";
import { testCrew } from "./testing/harness";
import { indexOf, ofType, rig, stepOf, taskText } from "./testing/rig";

const isVerdict = (request: ChatRequest) => request.responseFormat?.name === "condition_verdict";

/** Answers condition checks with `verdict` and every task with "output of step n" (or `outputs[n]`). */
const script =
  (verdict: string | Error, outputs: Record<number, string> = {}, delays: Record<number, number> = {}) =>
  (request: ChatRequest) => {
    if (isVerdict(request)) return verdict;
    const step = stepOf(request) ?? 0;
    return { content: outputs[step] ?? `output of step ${step}`, delayMs: delays[step] ?? 0 };
  };

const ruled = (rule: string): Condition => ({ type: "rule", rule });
const steps = (calls: ChatRequest[]) => calls.filter((c) => !isVerdict(c)).map(stepOf);

describe("rule conditions", () => {
  it("runs the task when the model judges the rule met against the previous output", async () => {
    const r = rig(script('{"pass": true, "reason": "it mentions step 1"}'));
    const result = await r.run(
      testCrew({ tasks: [{}, { condition: ruled("The text is about {subject}") }], inputs: { subject: "steps" } }),
    );
    expect(result.status).toBe("completed");
    expect(steps(r.provider.calls)).toEqual([1, 2]);
    const check = r.provider.calls.find(isVerdict);
    expect(check?.messages[0]?.content).toContain("You decide whether a condition holds");
    expect(check?.messages[1]?.content).toBe('Condition: The text is about steps\n\nOutput of the earlier task "t1":\noutput of step 1');
    expect(check?.temperature).toBe(0);
    const [checked] = ofType(result.events, "condition.checked");
    expect(checked).toMatchObject({ taskId: "t2", kind: "rule", passed: true, reason: "it mentions step 1", against: "t1" });
    expect(indexOf(result.events, "condition.checked", "t2")).toBeLessThan(indexOf(result.events, "task.started", "t2"));
    expect(ofType(result.events, "task.skipped")).toEqual([]);
    expect(result.raw).toBe("output of step 2");
  });

  it("skips the task when the rule is not met: task.skipped, an empty output, and empty context for the next task", async () => {
    const r = rig(script('{"pass": false, "reason": "nothing about cats"}'));
    const result = await r.run(testCrew({ tasks: [{}, { condition: ruled("The text is about cats") }, {}] }));
    expect(result.status).toBe("completed");
    expect(steps(r.provider.calls)).toEqual([1, 3]);
    expect(ofType(result.events, "task.skipped")).toEqual([expect.objectContaining({ taskId: "t2", reason: "nothing about cats" })]);
    expect(indexOf(result.events, "task.started", "t2")).toBe(-1);
    expect(indexOf(result.events, "task.completed", "t2")).toBe(-1);
    const skipped = result.tasks.find((t) => t.taskId === "t2");
    expect(skipped).toMatchObject({ taskId: "t2", agentId: "a1", raw: "" });
    // The skipped task spent only its verdict call.
    expect(skipped?.usage.requests).toBe(1);
    expect(ofType(result.events, "task.started").find((e) => e.taskId === "t3")?.context).toEqual(["t1", "t2"]);
    const t3 = taskText(r.provider.calls.find((c) => stepOf(c) === 3));
    expect(t3).toContain("## t1\noutput of step 1\n\n## t2\n");
    expect(t3.endsWith("## t2\n")).toBe(true);
    expect(result.raw).toBe("output of step 3");
  });

  it("the crew's answer skips over a skipped last task to the last output that says something", async () => {
    const r = rig(script('{"pass": false, "reason": "no"}'));
    const result = await r.run(testCrew({ tasks: [{}, { condition: ruled("Never") }] }));
    expect(result.tasks.map((t) => t.raw)).toEqual(["output of step 1", ""]);
    expect(result.raw).toBe("output of step 1");
  });

  it("reads a verdict given in words when the model ignores the JSON format", async () => {
    const yes = await rig(script("Yes, the condition holds.")).run(testCrew({ tasks: [{}, { condition: ruled("x") }] }));
    expect(ofType(yes.events, "condition.checked")[0]?.passed).toBe(true);
    const no = await rig(script("The text does not meet it.")).run(testCrew({ tasks: [{}, { condition: ruled("x") }] }));
    expect(ofType(no.events, "condition.checked")[0]).toMatchObject({ passed: false });
    expect(ofType(no.events, "condition.checked")[0]?.reason).toContain("The text does not meet it.");
  });

  it("a provider error while checking the rule fails the task and the run; it is not a skip", async () => {
    const r = rig(script(new LlmError("client", "scripted: HTTP 400: bad request", { status: 400 })));
    const result = await r.run(testCrew({ tasks: [{}, { condition: ruled("x") }, {}] }));
    expect(result.status).toBe("failed");
    expect(result.error).toBe('task "t2": checking its condition failed: scripted: HTTP 400: bad request');
    expect(ofType(result.events, "task.failed")).toEqual([expect.objectContaining({ taskId: "t2" })]);
    expect(ofType(result.events, "task.skipped")).toEqual([]);
    expect(ofType(result.events, "condition.checked")).toEqual([]);
    expect(steps(r.provider.calls)).toEqual([1]);
  });

  it("after async tasks, joins all of them first and judges the last one in task order", async () => {
    // t1 is slow: it finishes after t2, yet the check waits for it and judges t2, the task right before t3.
    const r = rig(script('{"pass": true, "reason": "ok"}', {}, { 1: 40, 2: 1 }), { realDelays: true });
    const result = await r.run(testCrew({ tasks: [{ async: true }, { async: true }, { condition: ruled("x") }] }));
    expect(result.status).toBe("completed");
    const events = result.events;
    expect(indexOf(events, "task.completed", "t2")).toBeLessThan(indexOf(events, "task.completed", "t1"));
    expect(indexOf(events, "task.completed", "t1")).toBeLessThan(indexOf(events, "condition.checked", "t3"));
    expect(ofType(events, "condition.checked")[0]?.against).toBe("t2");
    expect(r.provider.calls.find(isVerdict)?.messages[1]?.content).toContain("output of step 2");
  });
});

describe("jsonPath conditions", () => {
  const verdict = (condition: Omit<JsonPathCondition, "type">, output: Partial<TaskOutput>) =>
    evaluateJsonPath("t2", { type: "jsonPath", ...condition }, { taskId: "t1", agentId: null, raw: "", ...output } as TaskOutput);
  const doc = { status: "done", count: 3, flags: { urgent: false }, items: [{ name: "a" }, { name: "b" }], empty: [], nothing: null };

  it.each([
    ["exists", "$.status", undefined, true],
    ["exists", "$.missing", undefined, false],
    ["truthy", "$.count", undefined, true],
    ["truthy", "$.flags.urgent", undefined, false],
    ["truthy", "$.empty", undefined, false],
    ["truthy", "$.nothing", undefined, false],
    ["equals", "$.status", "done", true],
    ["equals", "$.status", "open", false],
    ["equals", "$.count", "3", true],
    ["equals", "$.items[1]", { name: "b" }, true],
    ["equals", "$.items[*].name", "b", true],
    ["equals", "$['flags']['urgent']", false, true],
    ["notEquals", "$.status", "open", true],
    ["notEquals", "$.status", "done", false],
    ["notEquals", "$.missing", "done", true],
  ] as const)("%s %s %j → %s", (op, path, value, passed) => {
    const condition = { path, op, ...(value !== undefined ? { value } : {}) } as Omit<JsonPathCondition, "type">;
    expect(verdict(condition, { json: doc }).passed).toBe(passed);
  });

  it("reads the raw text as JSON (fenced or in prose) when the output has no parsed JSON", () => {
    expect(verdict({ path: "$.ok", op: "truthy" }, { raw: 'Result:\n```json\n{"ok": true}\n```' })).toEqual({
      passed: true,
      reason: "$.ok selects true, which is truthy",
    });
    expect(verdict({ path: "$.ok", op: "exists" }, { raw: "plain words" })).toEqual({
      passed: false,
      reason: 'the output of "t1" is not JSON, so $.ok selects nothing',
    });
  });

  it("runs or skips in a crew, judging the structured output of the task before", async () => {
    const schema = { type: "object", properties: { urgent: { type: "boolean" } }, required: ["urgent"] };
    const crew = (urgent: boolean) =>
      testCrew({ tasks: [{ outputSchema: schema }, { condition: { type: "jsonPath", path: "$.urgent", op: "equals", value: urgent } }] });
    const run = await rig(script("", { 1: '{"urgent": true}' })).run(crew(true));
    expect(ofType(run.events, "condition.checked")[0]).toMatchObject({ kind: "jsonPath", passed: true, against: "t1" });
    expect(run.tasks.map((t) => t.raw)).toEqual(['{"urgent": true}', "output of step 2"]);
    const r = rig(script("", { 1: '{"urgent": true}' }));
    const skip = await r.run(crew(false));
    expect(ofType(skip.events, "task.skipped")[0]?.reason).toBe("$.urgent selects true, which does not equal false");
    expect(skip.tasks[1]).toMatchObject({ raw: "", usage: { requests: 0, totalTokens: 0 } });
    expect(r.provider.calls).toHaveLength(1);
  });

  it("with DAG scheduling, a conditional task also waits for the task before it, while its context stays as declared", async () => {
    const r = rig(script("", { 2: '{"go": 1}' }, { 2: 40 }), { realDelays: true });
    const crew = testCrew({
      settings: { dagScheduling: true },
      tasks: [{}, { context: [] }, { context: ["t1"], condition: { type: "jsonPath", path: "$.go", op: "truthy" } }],
    });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(indexOf(result.events, "task.completed", "t2")).toBeLessThan(indexOf(result.events, "condition.checked", "t3"));
    expect(ofType(result.events, "condition.checked")[0]).toMatchObject({ against: "t2", passed: true });
    expect(ofType(result.events, "task.started").find((e) => e.taskId === "t3")?.context).toEqual(["t1"]);
  });

  it("a path that is not JSONPath, or a comparison without a value, stops the crew before anything is sent", async () => {
    const r = rig(script(""));
    const crew = testCrew({
      tasks: [
        {},
        { condition: { type: "jsonPath", path: "status.ok", op: "truthy" } },
        { condition: { type: "jsonPath", path: "$.a", op: "equals" } },
      ],
    });
    const error = await r.run(crew).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrewInvalidError);
    const problems = (error as CrewInvalidError).problems;
    expect(problems.map((p) => [p.code, p.path.join(".")])).toEqual([
      ["condition-path", "tasks.1.condition.path"],
      ["condition-value", "tasks.2.condition.value"],
    ]);
    expect(problems[0]?.message).toContain("at character 1");
    expect(r.provider.calls).toHaveLength(0);
  });
});
