import { describe, expect, it } from "vitest";
import { testAgent, testCrew, testTask } from "../model/testCrews";
import { toFlowEdges } from "./flowEdges";

const crewOf = (process: "sequential" | "hierarchical" | "environment") =>
  testCrew({
    process,
    agents: [testAgent("alex", { watch: ["bob", "t1"] }), testAgent("bob", { watch: ["alex"] }), testAgent("cy")],
    tasks: [testTask("t1", { agent: "alex" }), testTask("t2", { agent: "bob" })],
  });
const brief = (edges: ReturnType<typeof toFlowEdges>) =>
  edges.map((e) => `${e.id} ${e.sourceHandle}→${e.targetHandle}${e.deletable === false ? " fixed" : ""}`);

describe("toFlowEdges", () => {
  it("joins agents' watch edges at their side handles, and a watched task at the handles of its own agent", () => {
    const edges = brief(toFlowEdges(crewOf("environment"), new Set(), "")).filter((e) => e.startsWith("watches"));
    expect(edges).toEqual(["watches:alex:bob peer-out→peer-in", "watches:alex:t1 agent→tasks", "watches:bob:alex peer-out→peer-in"]);
  });

  it("draws the generated manager's edges to every worker as fixed (nothing in the document to delete)", () => {
    const edges = brief(toFlowEdges(crewOf("hierarchical"), new Set(), "")).filter((e) => e.startsWith("delegates"));
    expect(edges).toEqual([
      "delegates:$manager:alex peer-out→peer-in fixed",
      "delegates:$manager:bob peer-out→peer-in fixed",
      "delegates:$manager:cy peer-out→peer-in fixed",
    ]);
  });

  it("adds a dashed edge for each pair of agents the shown run saw delegate, once, and only between agents it has", () => {
    const edges = toFlowEdges(crewOf("sequential"), new Set(), "alex>bob|bob>alex|alex>ghost|$manager>cy");
    const seen = edges.filter((e) => e.className?.includes("crew-edge--seen"));
    expect(seen.map((e) => e.id)).toEqual(["delegates:alex:bob"]);
    expect(seen[0]).toMatchObject({ source: "alex", target: "bob", deletable: false, data: { kind: "delegates", peer: true } });
    // A pair the document already draws (a hierarchical manager's) is not drawn twice.
    const managed = toFlowEdges(crewOf("hierarchical"), new Set(), "$manager>cy");
    expect(managed.filter((e) => e.id === "delegates:$manager:cy")).toHaveLength(1);
    expect(managed.some((e) => e.className?.includes("crew-edge--seen"))).toBe(false);
  });

  it("keeps selection and the document's own edges as they were", () => {
    const edges = toFlowEdges(crewOf("sequential"), new Set(["performs:t1:alex"]), "");
    expect(edges.map((e) => [e.id, e.selected])).toEqual([
      ["performs:t1:alex", true],
      ["performs:t2:bob", false],
    ]);
  });
});
