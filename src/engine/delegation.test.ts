import { describe, expect, it } from "vitest";
import type { Agent } from "../model";
import { ASK_QUESTION, DELEGATE_WORK, findCoworker } from "./delegation";
import type { RunEvent } from "./events";
import { type ChatRequest, LlmError, type ToolCall } from "./ports";
import { testCrew } from "./testing/harness";
import { ofType, rig } from "./testing/rig";

const call = (id: string, name: string, args: unknown): ToolCall => ({ id, name, arguments: JSON.stringify(args) });

/** The role of the agent a request speaks as ("You are <role>." opens its system prompt). */
function who(req: ChatRequest): string {
  return /^You are (.+?)\./.exec(req.messages[0]?.content ?? "")?.[1] ?? "?";
}
/**
 * True when every event carries the delegation as its parentId; streamed tokens nest under their call (as at the top
 * level), whose llm.request carries the delegation.
 */
function nestsUnder(events: readonly RunEvent[], delegationId: string | undefined): boolean {
  const calls = new Set(ofType(events, "llm.request").map((e) => e.callId));
  return events.every((e) => (e.type === "llm.token" ? calls.has(e.callId) && e.parentId === e.callId : e.parentId === delegationId));
}
const lastMessage = (req: ChatRequest) => req.messages.at(-1);
const toolNames = (req: ChatRequest | undefined) => (req?.tools ?? []).map((t) => t.name);

/** A writer (who may delegate) and a fact checker, on one task. */
function writerCrew(writer: Partial<Agent> = { allowDelegation: true }, extra: Parameters<typeof testCrew>[0] = {}) {
  return testCrew({
    agents: [
      { role: "Lead Writer", ...writer },
      { role: "Fact Checker", goal: "Catch every wrong date", backstory: "Pedantic." },
    ],
    tasks: [{ description: "Write about the moon landing" }],
    ...extra,
  });
}

/** Events between a delegation's start and finish (exclusive). */
function during(events: readonly RunEvent[], delegationId: string): RunEvent[] {
  const from = events.findIndex((e) => e.type === "delegation.started" && e.delegationId === delegationId);
  const to = events.findIndex((e) => e.type === "delegation.finished" && e.delegationId === delegationId);
  return events.slice(from + 1, to);
}

describe("delegating in a sequential crew (native tool calls)", () => {
  it("runs the coworker's own loop on the delegated task and context, and its answer is the observation", async () => {
    const r = rig((req) => {
      if (who(req) === "Fact Checker") return { content: "Dates are right", usage: { promptTokens: 7, completionTokens: 3 } };
      if (lastMessage(req)?.role === "tool") return { content: "Final article", usage: { promptTokens: 11, completionTokens: 5 } };
      return {
        toolCalls: [
          call("c1", DELEGATE_WORK, { task: "Check the dates", context: "Landing: 20 July 1969", coworker: ' "fact   CHECKER" ' }),
        ],
        usage: { promptTokens: 13, completionTokens: 2 },
      };
    });
    const result = await r.run(writerCrew());
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("Final article");
    expect(r.provider.calls.map(who)).toEqual(["Lead Writer", "Fact Checker", "Lead Writer"]);

    const [first, nested, last] = r.provider.calls as [ChatRequest, ChatRequest, ChatRequest];
    expect(toolNames(first)).toEqual([DELEGATE_WORK, ASK_QUESTION]);
    const spec = first.tools?.[0];
    expect(spec?.description).toContain('"Fact Checker"');
    expect(spec?.description).toContain("know nothing");
    expect(spec?.parameters).toMatchObject({ required: ["task", "context", "coworker"] });
    expect(first.tools?.[1]?.parameters).toMatchObject({ required: ["question", "context", "coworker"] });
    // The coworker gets the delegated task and context, its own persona, and no delegation tools of its own.
    const nestedTask = nested.messages.find((m) => m.role === "user")?.content ?? "";
    expect(nestedTask).toMatch(/^Task: Check the dates/);
    expect(nestedTask).toContain("Expected output: Your best answer to your coworker");
    expect(nestedTask).toContain("What your coworker told you:\n## From Lead Writer\nLanding: 20 July 1969");
    expect(nestedTask).not.toContain("moon landing");
    expect(nested.messages[0]?.content).toContain("Catch every wrong date");
    expect(nested.tools).toBeUndefined();
    expect(lastMessage(last)).toEqual({ role: "tool", toolCallId: "c1", content: "Dates are right" });

    const [started] = ofType(result.events, "delegation.started");
    const [finished] = ofType(result.events, "delegation.finished");
    expect(started).toMatchObject({
      taskId: "t1",
      fromAgentId: "a1",
      toAgentId: "a2",
      kind: "delegate",
      request: "Check the dates",
      context: "Landing: 20 July 1969",
      depth: 1,
      parentId: "t1",
    });
    expect(finished).toMatchObject({ delegationId: started?.delegationId, output: "Dates are right", parentId: "t1" });
    expect(finished?.error).toBeUndefined();
    // The delegation is the tool call: same id as its tool.started event.
    const toolStart = ofType(result.events, "tool.started")[0];
    expect(toolStart).toMatchObject({ toolCallId: started?.delegationId, tool: DELEGATE_WORK, agentId: "a1" });
    const inner = during(result.events, started?.delegationId ?? "");
    expect(inner.map((e) => e.type)).toEqual(["llm.request", "llm.token", "llm.token", "llm.token", "llm.response"]);
    expect(nestsUnder(inner, started?.delegationId)).toBe(true);
    expect(ofType(inner, "llm.request")[0]).toMatchObject({ taskId: "t1", agentId: "a2" });

    // Nested usage counts to the task exactly once: 13+2, 7+3, 11+5.
    expect(result.tasks[0]?.usage).toMatchObject({ promptTokens: 31, completionTokens: 10, totalTokens: 41, requests: 3 });
    expect(result.usage).toMatchObject({ totalTokens: 41, requests: 3 });
  });

  it("answers an unknown coworker with the valid ones, and the agent can correct itself (by id too)", async () => {
    const r = rig([
      { toolCalls: [call("c1", DELEGATE_WORK, { task: "Check", context: "x", coworker: "Editor" })] },
      { toolCalls: [call("c2", DELEGATE_WORK, { task: "Check", context: "x", coworker: "a2" })] },
      "checked",
      "done",
    ]);
    const result = await r.run(writerCrew());
    expect(result.status).toBe("completed");
    expect(lastMessage(r.provider.calls[1] as ChatRequest)).toEqual({
      role: "tool",
      toolCallId: "c1",
      content: 'Error: there is no coworker "Editor". Choose one of: "Fact Checker".',
    });
    expect(ofType(result.events, "tool.finished").map((f) => f.error)).toEqual(["unknown coworker", undefined]);
    expect(ofType(result.events, "delegation.started").map((d) => d.toAgentId)).toEqual(["a2"]);
    expect(lastMessage(r.provider.calls[3] as ChatRequest)?.content).toBe("checked");
  });

  it("does not delegate the same work twice; the repeat is answered from the first result", async () => {
    const same = { task: "Check", context: "x", coworker: "Fact Checker" };
    const r = rig([
      { toolCalls: [call("c1", DELEGATE_WORK, same)] },
      "checked once",
      { toolCalls: [call("c2", DELEGATE_WORK, same)] },
      "done",
    ]);
    const result = await r.run(writerCrew());
    expect(result.raw).toBe("done");
    expect(ofType(result.events, "delegation.started")).toHaveLength(1);
    expect(lastMessage(r.provider.calls[3] as ChatRequest)?.content).toContain("You already used delegate_work_to_coworker");
    expect(lastMessage(r.provider.calls[3] as ChatRequest)?.content).toContain("checked once");
  });

  it("turns a coworker's failure into the observation, and the run goes on", async () => {
    const r = rig((req, i) => {
      if (who(req) === "Fact Checker") return new LlmError("client", "scripted: HTTP 400: context too long", { status: 400 });
      return i === 0
        ? { toolCalls: [call("c1", ASK_QUESTION, { question: "Is 1969 right?", context: "", coworker: "Fact Checker" })] }
        : "done anyway";
    });
    const result = await r.run(writerCrew());
    expect(result.status).toBe("completed");
    const observation = lastMessage(r.provider.calls[2] as ChatRequest)?.content ?? "";
    expect(observation).toBe('Error: your coworker "Fact Checker" could not answer: scripted: HTTP 400: context too long');
    expect(ofType(result.events, "delegation.finished")[0]).toMatchObject({ output: "", error: "scripted: HTTP 400: context too long" });
    expect(ofType(result.events, "delegation.started")[0]).toMatchObject({ kind: "ask", request: "Is 1969 right?", context: "" });
  });
});

describe("what a delegation cannot swallow", () => {
  it("a stop during the coworker's work cancels the run", async () => {
    const stop = new AbortController();
    const r = rig(
      (req) => {
        if (who(req) !== "Fact Checker")
          return { toolCalls: [call("c1", DELEGATE_WORK, { task: "Check", context: "", coworker: "Fact Checker" })] };
        stop.abort(new Error("stop pressed"));
        return "too late";
      },
      { kickoff: { signal: stop.signal } },
    );
    const result = await r.run(writerCrew());
    expect(result.status).toBe("cancelled");
    expect(r.provider.calls).toHaveLength(2);
    expect(ofType(result.events, "delegation.finished")[0]?.error).toBeTruthy();
  });

  it("a token budget spent inside the coworker's loop fails the run instead of becoming an observation", async () => {
    const r = rig([
      {
        toolCalls: [call("c1", DELEGATE_WORK, { task: "Check", context: "", coworker: "Fact Checker" })],
        usage: { promptTokens: 95, completionTokens: 5 },
      },
    ]);
    const result = await r.run(writerCrew({ allowDelegation: true }, { settings: { tokenBudget: 110 } }));
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/token budget of 110/);
    expect(r.provider.calls).toHaveLength(1);
    expect(ofType(result.events, "budget.exceeded")[0]?.parentId).toBe(ofType(result.events, "delegation.started")[0]?.delegationId);
  });
});

describe("delegating in the text protocol", () => {
  it("accepts CrewAI's tool names and lists the delegation tools in the prompt", async () => {
    const r = rig(
      (req) => {
        if (who(req) === "Fact Checker") return "It is right.";
        if (lastMessage(req)?.content.startsWith("Observation:"))
          return `Thought: done\nFinal Answer: checked: ${lastMessage(req)?.content}`;
        return 'Thought: ask\nAction: Ask question to coworker\nAction Input: {"question": "Is 1969 right?", "context": "moon", "coworker": "Fact Checker"}';
      },
      { provider: { supportsTools: false } },
    );
    const result = await r.run(writerCrew());
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("checked: Observation: It is right.");
    const system = r.provider.calls.find((c) => !c.tools && who(c) === "Lead Writer")?.messages[0]?.content ?? "";
    expect(system).toContain(`- ${ASK_QUESTION}:`);
    expect(system).toContain(`- ${DELEGATE_WORK}:`);
    expect(ofType(result.events, "delegation.started")[0]).toMatchObject({ kind: "ask", request: "Is 1969 right?", context: "moon" });
  });
});

describe("who may delegate", () => {
  it("offers no delegation tools without allowDelegation, or with nobody else in the crew", async () => {
    const r = rig(["one", "two"]);
    await r.run(writerCrew({ allowDelegation: false }));
    await r.run(testCrew({ agents: [{ allowDelegation: true }], tasks: [{}] }));
    expect(r.provider.calls.map((c) => c.tools)).toEqual([undefined, undefined]);
  });

  it("lets a coworker delegate further only with its own allowDelegation, up to the depth limit", async () => {
    const crew = testCrew({
      agents: [
        { role: "Chief", allowDelegation: true },
        { role: "Deputy", allowDelegation: true },
        { role: "Clerk", allowDelegation: true, tools: ["tool1"] },
      ],
      tools: [{ name: "echo" }],
      tasks: [{}],
      settings: { delegationDepth: 2 },
    });
    const hand = (to: string) => ({ toolCalls: [call(`c-${to}`, DELEGATE_WORK, { task: `for ${to}`, context: "", coworker: to })] });
    const r = rig((req) => {
      const me = who(req);
      const answered = lastMessage(req)?.role === "tool";
      if (me === "Chief") return answered ? "chief done" : hand("Deputy");
      if (me === "Deputy") return answered ? "deputy done" : hand("Clerk");
      return answered ? "clerk done" : hand("Chief");
    });
    const result = await r.run(crew);
    expect(result.raw).toBe("chief done");
    const byRole = (role: string) => r.provider.calls.filter((c) => who(c) === role);
    expect(toolNames(byRole("Chief")[0])).toEqual([DELEGATE_WORK, ASK_QUESTION]);
    expect(byRole("Deputy")[0]?.tools?.[0]?.description).toContain('"Chief", "Clerk"');
    // At depth 3 the tools are gone; naming one anyway gets the limit as the observation.
    expect(toolNames(byRole("Clerk")[0])).toEqual(["echo"]);
    expect(lastMessage(byRole("Clerk")[1] as ChatRequest)?.content).toMatch(/^Error: delegation is limited to 2 levels/);
    const started = ofType(result.events, "delegation.started");
    expect(started.map((d) => [d.fromAgentId, d.toAgentId, d.depth])).toEqual([
      ["a1", "a2", 1],
      ["a2", "a3", 2],
    ]);
    expect(started[1]?.parentId).toBe(started[0]?.delegationId);
    // Every event of the clerk's loop nests under the deputy's delegation.
    const clerkEvents = during(result.events, started[1]?.delegationId ?? "");
    expect(clerkEvents.length).toBeGreaterThan(4);
    expect(nestsUnder(clerkEvents, started[1]?.delegationId)).toBe(true);
    expect(ofType(result.events, "delegation.finished").map((d) => d.output)).toEqual(["clerk done", "deputy done"]);
  });

  it("a coworker without allowDelegation gets no delegation tools", async () => {
    const crew = testCrew({
      agents: [
        { role: "Chief", allowDelegation: true },
        { role: "Deputy", tools: ["tool1"] },
      ],
      tools: [{ name: "echo" }],
      tasks: [{}],
    });
    const r = rig((req) =>
      who(req) === "Deputy"
        ? "deputy done"
        : lastMessage(req)?.role === "tool"
          ? "ok"
          : { toolCalls: [call("c", DELEGATE_WORK, { task: "t", context: "", coworker: "Deputy" })] },
    );
    await r.run(crew);
    expect(toolNames(r.provider.calls.find((c) => who(c) === "Deputy"))).toEqual(["echo"]);
  });
});

describe("findCoworker", () => {
  const agents = [
    { id: "w1", role: "Senior  Writer" },
    { id: "r1", role: "Researcher" },
  ] as Agent[];
  it.each([
    ["senior writer", "w1"],
    ['"Senior Writer"', "w1"],
    ["  SENIOR\nwriter. ", "w1"],
    ["\u201cResearcher\u201d", "r1"],
    ["r1", "r1"],
  ])("matches %j", (wanted, id) => {
    expect(findCoworker(agents, wanted)?.id).toBe(id);
  });
  it("finds nothing for an unknown name, or a blank one among several; a blank one means the only coworker", () => {
    expect(findCoworker(agents, "Editor")).toBeUndefined();
    expect(findCoworker(agents, "")).toBeUndefined();
    expect(findCoworker([agents[1] as Agent], "")?.id).toBe("r1");
  });
});
