import { describe, expect, it } from "vitest";
import { DELEGATE_WORK } from "./delegation";
import { MANAGER_AGENT_ID } from "./events";
import type { ChatRequest } from "./ports";
import { testCrew } from "./testing/harness";
import { indexOf, ofType, rig, taskText } from "./testing/rig";

const kind = (req: ChatRequest) => req.responseFormat?.name;
const isManager = (req: ChatRequest) => (req.messages[0]?.content ?? "").startsWith("You are Crew Manager.");

/** The planner plans every task; the manager delegates once to the first coworker and passes the answer on; the condition fails. */
function script(req: ChatRequest) {
  if (kind(req) === "crew_plan") return JSON.stringify({ plans: ["t1", "t2", "t3"].map((id) => ({ taskId: id, plan: `1. PLAN-${id}` })) });
  if (kind(req) === "condition_verdict") return '{"pass": false, "reason": "not needed"}';
  if (!isManager(req)) return "worker did it";
  const last = req.messages.at(-1);
  if (last?.role === "tool") return `manager passes on: ${last.content}`;
  const schema = req.tools?.[0]?.parameters as { properties: { coworker: { enum: string[] } } } | undefined;
  const coworkers = schema?.properties.coworker.enum ?? [];
  const task = /^Task: (.*)/.exec(taskText(req))?.[1] ?? "";
  return {
    toolCalls: [{ id: `call-${task}`, name: DELEGATE_WORK, arguments: JSON.stringify({ task, context: "", coworker: coworkers[0] }) }],
  };
}

describe("planning and conditions in a hierarchical crew", () => {
  it("plans before the manager's first task, gives the manager each plan, and judges conditions with the manager's model", async () => {
    const r = rig(script, { kickoff: { resolveLlm: (config) => ({ provider: r.provider, model: config?.model ?? "default-model" }) } });
    const crew = {
      ...testCrew({
        agents: [{ role: "Researcher" }],
        tasks: [{}, {}, { condition: { type: "rule", rule: "A follow-up is needed" } }],
        llms: [{ id: "boss", provider: "openai-compatible", model: "boss-model" }],
        settings: { planning: true, managerLlm: "boss" },
      }),
      process: "hierarchical" as const,
    };
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(kind(r.provider.calls[0] as ChatRequest)).toBe("crew_plan");
    expect(indexOf(result.events, "plan.created")).toBeLessThan(indexOf(result.events, "task.started", "t1"));
    const managerOpenings = r.provider.calls.filter((c) => isManager(c) && c.messages.length === 2);
    expect(managerOpenings.map((c) => /PLAN-t\d/.exec(taskText(c))?.[0])).toEqual(["PLAN-t1", "PLAN-t2"]);
    expect(r.provider.calls.find((c) => kind(c) === "condition_verdict")?.model).toBe("boss-model");
    expect(ofType(result.events, "condition.checked")[0]).toMatchObject({ taskId: "t3", passed: false, against: "t2" });
    expect(result.tasks.map((t) => [t.taskId, t.agentId, t.raw])).toEqual([
      ["t1", MANAGER_AGENT_ID, "manager passes on: worker did it"],
      ["t2", MANAGER_AGENT_ID, "manager passes on: worker did it"],
      ["t3", MANAGER_AGENT_ID, ""],
    ]);
  });
});
