import { describe, expect, it } from "vitest";
import { type ChatRequest, LlmError } from "./ports";
import { memoryFiles, testCrew } from "./testing/harness";
import { ofType, rig, taskText } from "./testing/rig";

const schema = {
  type: "object",
  properties: { title: { type: "string" }, score: { type: "number" } },
  required: ["title", "score"],
};

/** Is this the guardrail checker's request? */
const isCheck = (request: ChatRequest) => request.responseFormat?.name === "guardrail_verdict";

describe("structured output", () => {
  it("validates JSON against outputSchema, sets task.json and sends responseFormat when the agent has no tools", async () => {
    const r = rig(['```json\n{"title": "Tides", "score": 7}\n```']);
    const result = await r.run(testCrew({ tasks: [{ outputSchema: schema }] }));
    expect(result.status).toBe("completed");
    expect(result.tasks[0]?.json).toEqual({ title: "Tides", score: 7 });
    expect(r.provider.calls[0]?.responseFormat).toEqual({ type: "json_schema", name: "task_output", schema });
    expect(taskText(r.provider.calls[0])).toContain(JSON.stringify(schema));
  });

  it("does not send responseFormat when the agent has tools (the schema is in the prompt instead)", async () => {
    const r = rig(['{"title": "x", "score": 1}']);
    const crew = testCrew({ tools: [{ name: "echo" }], agents: [{ tools: ["tool1"] }], tasks: [{ outputSchema: schema }] });
    const result = await r.run(crew);
    expect(result.tasks[0]?.json).toEqual({ title: "x", score: 1 });
    expect(r.provider.calls[0]?.responseFormat).toBeUndefined();
    expect(taskText(r.provider.calls[0])).toContain("Answer with only a JSON value matching this JSON Schema");
  });

  it("an invalid answer emits output.invalid and is retried with the validation errors in the prompt", async () => {
    const r = rig(["plain first task", '{"title": "Tides", "score": "high"}', '{"title": "Tides", "score": 9}']);
    const result = await r.run(testCrew({ tasks: [{}, { outputSchema: schema }] }));
    expect(result.status).toBe("completed");
    expect(result.tasks[1]?.json).toEqual({ title: "Tides", score: 9 });
    const invalid = ofType(result.events, "output.invalid");
    expect(invalid).toEqual([expect.objectContaining({ taskId: "t2", attempt: 1 })]);
    expect(invalid[0]?.errors).toContain("score");
    const retry = taskText(r.provider.calls[2]);
    expect(retry).toContain("did not match the required JSON Schema");
    expect(retry).toContain(invalid[0]?.errors as string);
    expect(retry).toContain('"score": "high"');
    expect(retry).toContain("## t1\nplain first task");
    expect(ofType(result.events, "task.started").map((e) => [e.taskId, e.attempt])).toEqual([
      ["t1", 1],
      ["t2", 1],
      ["t2", 2],
    ]);
  });

  it("fails the task once the structured retries are used up", async () => {
    const r = rig(() => "no json here");
    const result = await r.run(testCrew({ tasks: [{ outputSchema: schema }] }));
    expect(result.status).toBe("failed");
    expect(result.error).toContain("did not match its schema");
    expect(r.provider.calls).toHaveLength(3);
    expect(ofType(result.events, "output.invalid")).toHaveLength(3);
  });

  it("writes an accepted output to outputFile (with inputs filled) and reports file.written", async () => {
    const files = memoryFiles();
    const r = rig(["# Report"], { kickoff: { files: () => files } });
    const result = await r.run(testCrew({ tasks: [{ outputFile: "out/{name}.md" }] }), { name: "tides" });
    expect(files.data.get("out/tides.md")).toBe("# Report");
    expect(ofType(result.events, "file.written")).toEqual([expect.objectContaining({ path: "out/tides.md", bytes: 8, taskId: "t1" })]);
  });
});

describe("guardrail", () => {
  const guarded = (maxRetries = 3) => testCrew({ tasks: [{}, { guardrail: { rule: "Mention at least three sources", maxRetries } }] });

  it("a failing verdict re-runs the task with the original context plus the reason; a pass completes it", async () => {
    let answers = 0;
    let checks = 0;
    const r = rig((request) => {
      if (isCheck(request))
        return ++checks === 1 ? '{"pass": false, "reason": "only one source is named"}' : '{"pass": true, "reason": "three sources"}';
      return ++answers === 1 ? "first task findings" : answers === 2 ? "draft with one source" : "draft with three sources";
    });
    const result = await r.run(guarded());
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("draft with three sources");
    expect(ofType(result.events, "guardrail.result").map((e) => [e.passed, e.attempt, e.reason])).toEqual([
      [false, 1, "only one source is named"],
      [true, 2, "three sources"],
    ]);
    const rerun = r.provider.calls.filter((c) => !isCheck(c))[2] as ChatRequest;
    const prompt = taskText(rerun);
    expect(prompt).toContain("Context from earlier tasks:\n## t1\nfirst task findings");
    expect(prompt).toContain("Mention at least three sources");
    expect(prompt).toContain("only one source is named");
    expect(prompt).toContain("draft with one source");
    const check = r.provider.calls.find(isCheck);
    expect(taskText(check)).toContain("Rule: Mention at least three sources");
    expect(taskText(check)).toContain("draft with one source");
  });

  it("fails the task clearly after maxRetries failing verdicts", async () => {
    const r = rig((request) => (isCheck(request) ? '{"pass": false, "reason": "no sources"}' : "an answer"));
    const result = await r.run(guarded(1));
    expect(result.status).toBe("failed");
    expect(result.error).toContain('task "t2"');
    expect(result.error).toContain("guardrail still failing after 1 retries: no sources");
    expect(ofType(result.events, "guardrail.result")).toHaveLength(2);
    expect(ofType(result.events, "task.failed")).toEqual([expect.objectContaining({ taskId: "t2" })]);
  });

  it("a provider error during the check is an error, not a verdict", async () => {
    const r = rig((request) => (isCheck(request) ? new LlmError("client", "HTTP 401: bad key", { status: 401 }) : "answer"));
    const result = await r.run(guarded());
    expect(result.status).toBe("failed");
    expect(result.error).toContain("HTTP 401: bad key");
    expect(ofType(result.events, "guardrail.result")).toHaveLength(0);
    expect(r.provider.calls.filter((c) => !isCheck(c))).toHaveLength(2);
  });

  it("reads a non-JSON verdict tolerantly", async () => {
    let checks = 0;
    const r = rig((request) => (isCheck(request) ? (++checks === 1 ? "FAIL - it has no sources." : "PASS") : "answer"));
    const result = await r.run(guarded());
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "guardrail.result").map((e) => e.passed)).toEqual([false, true]);
  });

  it("checks the schema before the guardrail and keeps json on the accepted output", async () => {
    const r = rig((request) => (isCheck(request) ? '{"pass": true, "reason": "ok"}' : '{"title": "t", "score": 3}'));
    const crew = testCrew({ tasks: [{ outputSchema: schema, guardrail: { rule: "score below 5", maxRetries: 1 } }] });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(result.tasks[0]?.json).toEqual({ title: "t", score: 3 });
  });
});
