// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import { type NodeProps, ReactFlowProvider } from "@xyflow/react";
import type { ComponentType } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { MANAGER_AGENT_ID } from "../../engine/events";
import type { Crew } from "../../model";
import { testAgent, testCrew, testTask } from "../../model/testCrews";
import { createAppStore, emptyRunView, type RunView, StoreContext } from "../../store";
import { MemoryRepository } from "../../store/testing/MemoryRepository";
import { RoundCounter } from "../RoundCounter";
import { AgentNode } from "./AgentNode";
import { ManagerNode } from "./ManagerNode";
import { TaskNode } from "./TaskNode";

afterEach(cleanup);

const crewWith = (fields: Partial<Crew> = {}) =>
  testCrew({
    agents: [testAgent("alex", { role: "Alex, the teacher" }), testAgent("bob", { role: "Bob, the student" })],
    tasks: [
      testTask("t1", { agent: "alex" }),
      testTask("t2", { agent: "bob", condition: { type: "jsonPath", path: "$.go", op: "truthy" } }),
    ],
    ...fields,
  });

/** Renders one node (or the round counter) over a store holding `crew` and, when given, a run shown for it. */
function show(Component: ComponentType<NodeProps>, id: string, crew: Crew, run?: Partial<RunView>) {
  const store = createAppStore({ repository: new MemoryRepository(), now: () => 0, newId: () => "crew-1" }, { crew });
  if (run) store.setState({ run: { ...emptyRunView("run-1", 0), ...run } });
  const props = { id, selected: false } as NodeProps;
  const { container } = render(
    <StoreContext.Provider value={store}>
      <ReactFlowProvider>
        <Component {...props} />
        <RoundCounter />
      </ReactFlowProvider>
    </StoreContext.Provider>,
  );
  const node = container.querySelector<HTMLElement>(".crew-node");
  return { container, node, text: node?.textContent ?? "" };
}

describe("task node", () => {
  it("shows the step plan as one line, the whole plan as its tooltip", () => {
    const plan = "1. Read the notes\n2. Draft the outline\n3. Write it up";
    const { node } = show(TaskNode, "t1", crewWith(), { plans: { t1: plan } });
    const preview = node?.querySelector<HTMLElement>(".crew-node__plan");
    expect(preview?.textContent).toBe("Plan (3 steps) Read the notes");
    expect(preview?.title).toBe(plan);
    expect(show(TaskNode, "t2", crewWith(), { plans: { t1: plan } }).node?.querySelector(".crew-node__plan")).toBeNull();
  });

  it("a conditional task has a condition badge that takes the verdict once checked", () => {
    const before = show(TaskNode, "t2", crewWith()).node?.querySelector<HTMLElement>(".badge--condition");
    expect(before?.textContent).toBe("if");
    expect(before?.title).toBe("Runs only if $.go truthy in the previous output");
    expect(show(TaskNode, "t1", crewWith()).node?.querySelector(".badge--condition")).toBeNull();
    cleanup();
    const verdict = { passed: false, reason: "$.go is false", kind: "jsonPath" as const };
    const { node } = show(TaskNode, "t2", crewWith(), { conditions: { t2: verdict }, nodes: { t2: { status: "skipped" } } });
    const badge = node?.querySelector<HTMLElement>(".badge--condition");
    expect([badge?.textContent, badge?.dataset.passed, badge?.title]).toEqual(["if ✗", "false", "Skipped: $.go is false"]);
  });

  it("a skipped task looks skipped and says why", () => {
    const { node } = show(TaskNode, "t2", crewWith(), {
      nodes: { t2: { status: "skipped", activity: "condition not met" } },
      conditions: { t2: { passed: false, reason: "the draft was already approved", kind: "rule" } },
    });
    expect(node?.dataset.status).toBe("skipped");
    const tag = node?.querySelector<HTMLElement>(".badge--skipped");
    expect([tag?.textContent, tag?.title]).toEqual(["skipped", "the draft was already approved"]);
    // Skipped without a verdict (a stopped run never reached it): the run's own words.
    cleanup();
    const stopped = show(TaskNode, "t1", crewWith(), { nodes: { t1: { status: "skipped" } } });
    expect(stopped.node?.querySelector<HTMLElement>(".badge--skipped")?.title).toBe("not reached before the run ended");
    cleanup();
    expect(show(TaskNode, "t1", crewWith()).node?.querySelector(".badge--skipped")).toBeNull();
  });
});

describe("manager", () => {
  it("the generated manager is an agent node marked as the manager, with the run's status", () => {
    const crew = crewWith({ process: "hierarchical" });
    const { node, text } = show(ManagerNode, MANAGER_AGENT_ID, crew, { nodes: { [MANAGER_AGENT_ID]: { status: "waiting" } } });
    expect([node?.dataset.kind, node?.dataset.role, node?.dataset.status, node?.dataset.id]).toEqual([
      "agent",
      "manager",
      "waiting",
      MANAGER_AGENT_ID,
    ]);
    expect(text).toContain("Crew Manager");
    expect(text).toContain("delegates to 2 agents");
  });

  it("a chosen manager keeps its agent node and gets the manager's look; its workers do not", () => {
    const crew = crewWith({ process: "hierarchical", settings: { ...crewWith().settings, managerAgent: "alex" } });
    const manager = show(AgentNode, "alex", crew).node;
    expect([manager?.dataset.kind, manager?.dataset.role]).toEqual(["agent", "manager"]);
    expect(manager?.className).toContain("crew-node--manager");
    cleanup();
    expect(show(AgentNode, "bob", crew).node?.dataset.role).toBeUndefined();
  });
});

describe("round counter", () => {
  const room = () => crewWith({ process: "environment", inputs: { topic: "tides" }, settings: { ...crewWith().settings, maxRounds: 5 } });

  it("is absent until a run has rounds", () => {
    expect(show(AgentNode, "alex", room(), {}).container.querySelector(".round-counter")).toBeNull();
  });

  it("shows the current round of the limit and who reacted to whom in each", () => {
    const { container } = show(AgentNode, "alex", room(), {
      messages: [
        { id: "m0", round: 0, from: "user", cause: "inputs", content: "topic: tides", ts: 0 },
        { id: "m1", round: 1, from: "alex", cause: "t1", content: "Let us start", ts: 1 },
      ],
      rounds: [
        { round: 1, agents: ["alex"], reactsTo: { alex: ["m0"] }, start: 0, end: 1 },
        { round: 2, agents: ["bob"], reactsTo: { bob: ["m1"] }, start: 1 },
      ],
    });
    const counter = container.querySelector<HTMLElement>(".round-counter");
    expect([counter?.dataset.round, counter?.dataset.max]).toEqual(["2", "5"]);
    expect(counter?.querySelector("h2")?.textContent).toBe("Round 2 / 5");
    expect([...(counter?.querySelectorAll("li") ?? [])].map((li) => li.textContent)).toEqual(["1Alex ← topic", "2Bob ← Alex"]);
    expect(counter?.querySelector("li.is-current")?.getAttribute("data-round")).toBe("2");
  });

  it("once the run is over keeps to its headline (the timeline lists the rounds)", () => {
    const { container } = show(AgentNode, "alex", room(), {
      status: "completed",
      rounds: [{ round: 1, agents: ["alex"], start: 0, end: 1 }],
    });
    expect(container.querySelector(".round-counter h2")?.textContent).toBe("Round 1 / 5 · ended");
    expect(container.querySelector(".round-counter li")).toBeNull();
  });
});
