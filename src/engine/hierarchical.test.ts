import { describe, expect, it } from "vitest";
import type { Crew } from "../model";
import { ASK_QUESTION, DELEGATE_WORK } from "./delegation";
import { MANAGER_AGENT_ID } from "./events";
import { DELEGATE_FIRST } from "./hierarchical";
import type { ChatRequest, ToolCall } from "./ports";
import { testCrew } from "./testing/harness";
import { ofType, rig } from "./testing/rig";

const call = (id: string, name: string, args: unknown): ToolCall => ({ id, name, arguments: JSON.stringify(args) });
const who = (req: ChatRequest) => /^You are (.+?)\./.exec(req.messages[0]?.content ?? "")?.[1] ?? "?";
const lastMessage = (req: ChatRequest) => req.messages.at(-1);
const taskOf = (req: ChatRequest) => req.messages.find((m) => m.role === "user")?.content ?? "";
const coworkerEnum = (req: ChatRequest | undefined) =>
  (req?.tools?.[0]?.parameters as { properties: { coworker: { enum: string[] } } } | undefined)?.properties.coworker.enum;

/** A researcher and a writer; the first task is the researcher's, the second names nobody. */
function team(extra: Partial<Crew> = {}, settings: Partial<Crew["settings"]> = {}): Crew {
  const crew = testCrew({
    agents: [
      { role: "Researcher", tools: ["tool1"] },
      { role: "Writer", llm: "fast" },
    ],
    tools: [{ name: "echo" }],
    tasks: [
      { description: "Do step 1", agent: "a1" },
      { description: "Do step 2", agent: undefined },
    ],
    llms: [
      { id: "boss", provider: "openai-compatible", model: "boss-model" },
      { id: "fast", provider: "openai-compatible", model: "fast-model" },
    ],
    settings,
  });
  return { ...crew, process: "hierarchical", ...extra };
}

/**
 * A manager that delegates each task once to the first coworker it is offered, passing the task and the context it
 * was given, then returns what came back; workers answer "<role> did: <task>".
 */
function delegatingScript(req: ChatRequest) {
  if (who(req) !== "Crew Manager" && who(req) !== "Editor in chief") return `${who(req)} did: ${taskOf(req).split("\n")[0]}`;
  const last = lastMessage(req);
  if (last?.role === "tool") return `Manager approves: ${last.content}`;
  const step = /^Task: (Do step \d)/.exec(taskOf(req))?.[1] ?? "?";
  const context = /Context from earlier tasks:\n([\s\S]*?)(\n\nYou manage|$)/.exec(taskOf(req))?.[1] ?? "";
  return { toolCalls: [call(`call-${step}`, DELEGATE_WORK, { task: step, context, coworker: coworkerEnum(req)?.[0] })] };
}

describe("the hierarchical process", () => {
  it("has a generated manager execute every task exactly once, delegating to the task's agent or to all workers", async () => {
    const r = rig(delegatingScript, {
      kickoff: { resolveLlm: (config) => ({ provider: r.provider, model: config?.model ?? "default-model" }) },
    });
    const result = await r.run(team({}, { managerLlm: "boss" }));
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "run.started")[0]?.manager).toEqual({ agentId: MANAGER_AGENT_ID, role: "Crew Manager", generated: true });
    expect(ofType(result.events, "task.started").map((e) => [e.taskId, e.agentId])).toEqual([
      ["t1", MANAGER_AGENT_ID],
      ["t2", MANAGER_AGENT_ID],
    ]);
    expect(ofType(result.events, "task.completed").map((e) => e.taskId)).toEqual(["t1", "t2"]);
    expect(result.tasks.map((t) => [t.agentId, t.raw])).toEqual([
      [MANAGER_AGENT_ID, "Manager approves: Researcher did: Task: Do step 1"],
      [MANAGER_AGENT_ID, "Manager approves: Researcher did: Task: Do step 2"],
    ]);

    const managerCalls = r.provider.calls.filter((c) => who(c) === "Crew Manager");
    expect(managerCalls.map((c) => c.model)).toEqual(["boss-model", "boss-model", "boss-model", "boss-model"]);
    // The manager has only the delegation tools: for t1 pointing at its agent, for t2 at every worker.
    expect(managerCalls[0]?.tools?.map((t) => t.name)).toEqual([DELEGATE_WORK, ASK_QUESTION]);
    expect(coworkerEnum(managerCalls[0])).toEqual(["Researcher"]);
    expect(coworkerEnum(managerCalls[2])).toEqual(["Researcher", "Writer"]);
    expect(taskOf(managerCalls[0] as ChatRequest)).toContain("you cannot do the work yourself");
    expect(managerCalls[0]?.messages[0]?.content).toMatch(/^You are Crew Manager\.\nYou lead a team/);

    // The worker works with its own tools and model; t2's worker sees t1's result only through the manager's context.
    const workerCalls = r.provider.calls.filter((c) => who(c) === "Researcher");
    expect(workerCalls.map((c) => c.model)).toEqual(["default-model", "default-model"]);
    expect(workerCalls[0]?.tools?.map((t) => t.name)).toEqual(["echo"]);
    expect(taskOf(workerCalls[1] as ChatRequest)).toContain(
      "## From Crew Manager\n## t1\nManager approves: Researcher did: Task: Do step 1",
    );
    const delegations = ofType(result.events, "delegation.started");
    expect(delegations.map((d) => [d.taskId, d.fromAgentId, d.toAgentId, d.depth])).toEqual([
      ["t1", MANAGER_AGENT_ID, "a1", 1],
      ["t2", MANAGER_AGENT_ID, "a1", 1],
    ]);
  });

  it("uses a chosen manager's persona and model, and its workers exclude it", async () => {
    const base = team({}, { managerAgent: "boss", managerLlm: "fast" });
    const crew: Crew = {
      ...base,
      agents: [
        ...base.agents,
        { ...base.agents[0], id: "boss", role: "Editor in chief", llm: "boss", tools: [] } as Crew["agents"][number],
      ],
    };
    const r = rig(delegatingScript, {
      kickoff: { resolveLlm: (config) => ({ provider: r.provider, model: config?.model ?? "default-model" }) },
    });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "run.started")[0]?.manager).toEqual({ agentId: "boss", role: "Editor in chief", generated: false });
    const managerCalls = r.provider.calls.filter((c) => who(c) === "Editor in chief");
    expect(managerCalls).toHaveLength(4);
    expect(new Set(managerCalls.map((c) => c.model))).toEqual(new Set(["boss-model"]));
    expect(coworkerEnum(managerCalls[2])).toEqual(["Researcher", "Writer"]);
    expect(r.provider.calls.some((c) => who(c) === "Crew Manager")).toBe(false);
    expect(ofType(result.events, "task.started").map((e) => e.agentId)).toEqual(["boss", "boss"]);
  });

  it("reminds a manager that answers alone to delegate, once", async () => {
    const alone = rig(["I did it myself", "Still mine"]);
    const crew = team();
    const once = await alone.run({ ...crew, tasks: crew.tasks.slice(0, 1) });
    expect(once.raw).toBe("Still mine");
    expect(alone.provider.calls).toHaveLength(2);
    expect(alone.provider.calls[1]?.messages.slice(-2)).toEqual([
      { role: "assistant", content: "I did it myself" },
      { role: "user", content: DELEGATE_FIRST },
    ]);

    const r = rig((req) => {
      if (who(req) === "Researcher") return "researched";
      const last = lastMessage(req);
      if (last?.role === "tool") return `final: ${last.content}`;
      if (last?.content === DELEGATE_FIRST)
        return { toolCalls: [call("c", DELEGATE_WORK, { task: "research", context: "", coworker: "Researcher" })] };
      return "my own answer";
    });
    const result = await r.run({ ...crew, tasks: crew.tasks.slice(0, 1) });
    expect(result.raw).toBe("final: researched");
    expect(ofType(result.events, "delegation.finished")).toHaveLength(1);
  });

  it("gives the task's tools to the coworker, never to the manager", async () => {
    const crew = team();
    crew.agents = crew.agents.map((a) => ({ ...a, tools: [] }));
    crew.tasks = [{ ...(crew.tasks[0] as Crew["tasks"][number]), tools: ["tool1"] }];
    const r = rig(delegatingScript);
    await r.run(crew);
    const manager = r.provider.calls.find((c) => who(c) === "Crew Manager");
    const worker = r.provider.calls.find((c) => who(c) === "Researcher");
    expect(manager?.tools?.map((t) => t.name)).toEqual([DELEGATE_WORK, ASK_QUESTION]);
    expect(worker?.tools?.map((t) => t.name)).toEqual(["echo"]);
  });

  it("runs async tasks together and passes context as in sequential crews", async () => {
    const crew = team();
    crew.tasks = [
      { ...(crew.tasks[0] as Crew["tasks"][number]), async: true, context: [] },
      { ...(crew.tasks[1] as Crew["tasks"][number]), async: true, context: [] },
      { ...(crew.tasks[1] as Crew["tasks"][number]), id: "t3", description: "Do step 3", context: ["t1"] },
    ];
    const r = rig(delegatingScript);
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    const t3 = r.provider.calls.find((c) => who(c) === "Crew Manager" && taskOf(c).startsWith("Task: Do step 3"));
    expect(taskOf(t3 as ChatRequest)).toContain("Context from earlier tasks:\n## t1\n");
    expect(taskOf(t3 as ChatRequest)).not.toContain("## t2");
    expect(ofType(result.events, "task.started")).toHaveLength(3);
  });
});
