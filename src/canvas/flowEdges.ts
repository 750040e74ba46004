import { type Edge, MarkerType } from "@xyflow/react";
import type { Crew } from "../model";
import { type CrewEdge, deriveEdges, type EdgeKind } from "../store";

const WORDS: Record<EdgeKind, string> = {
  performs: "is performed by",
  context: "feeds context to",
  uses: "is used by",
  watches: "is watched by",
  delegates: "delegates to",
};
// SVG marker attributes cannot read CSS variables; these match the edge strokes closely in both themes.
const COLOR: Record<EdgeKind, string> = {
  performs: "#7c3aed",
  context: "#0e7490",
  uses: "#b45309",
  watches: "#4d7c0f",
  delegates: "#db2777",
};

/** The handles an edge joins, by what its ends are. */
function handles(crew: Crew, edge: Pick<CrewEdge, "kind" | "source" | "target">): { sourceHandle: string; targetHandle: string } {
  const isAgent = (id: string) => crew.agents.some((a) => a.id === id);
  switch (edge.kind) {
    case "performs":
      return { sourceHandle: "agent", targetHandle: "tasks" };
    case "context":
      return { sourceHandle: "ctx-out", targetHandle: "ctx-in" };
    case "uses":
      return { sourceHandle: "out", targetHandle: isAgent(edge.target) ? "in" : "tools" };
    case "watches":
      // An agent may watch a task: that edge runs from the task's left to the agent's right, like the task's own agent.
      return isAgent(edge.source)
        ? { sourceHandle: "peer-out", targetHandle: "peer-in" }
        : { sourceHandle: "agent", targetHandle: "tasks" };
    case "delegates":
      return { sourceHandle: "peer-out", targetHandle: "peer-in" };
  }
}

/**
 * The canvas's edges: those the document implies, plus a dashed delegation edge for each pair of agents the shown run
 * saw delegate that the document draws no edge for (a sequential crew's agents may delegate to any coworker, and
 * drawing every possible pair up front would bury the graph). `delegated` is "from>to|from>to".
 */
export function toFlowEdges(crew: Crew, selected: ReadonlySet<string>, delegated: string): Edge[] {
  const order = new Map(crew.tasks.map((t, i) => [t.id, i]));
  const derived = deriveEdges(crew);
  const known = new Set(derived.map((e) => e.id));
  const agents = new Set(crew.agents.map((a) => a.id));
  const seen: CrewEdge[] = [];
  for (const pair of delegated ? delegated.split("|") : []) {
    const [from = "", to = ""] = pair.split(">");
    const id = `delegates:${from}:${to}`;
    // An answer lights the reverse id of the same edge, so a pair drawn either way is drawn once.
    if (known.has(id) || known.has(`delegates:${to}:${from}`) || !agents.has(from) || !agents.has(to)) continue;
    known.add(id);
    seen.push({ id, kind: "delegates", source: from, target: to });
  }
  const transient = new Set(seen.map((e) => e.id));
  return [...derived, ...seen].map((e) => {
    const peer = e.kind === "delegates" || (e.kind === "watches" && agents.has(e.source));
    return {
      type: "crew",
      id: e.id,
      source: e.source,
      target: e.target,
      ...handles(crew, e),
      className: `crew-edge crew-edge--${e.kind}${transient.has(e.id) ? " crew-edge--seen" : ""}`,
      data: { kind: e.kind, peer, skip: Math.abs((order.get(e.target) ?? 0) - (order.get(e.source) ?? 0)) },
      selected: selected.has(e.id),
      // Delegation edges follow from the process (or from the run): nothing in the document to delete.
      ...(e.kind === "delegates" ? { deletable: false } : {}),
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, color: COLOR[e.kind] },
      ariaLabel: `${e.source} ${WORDS[e.kind]} ${e.target}`,
    };
  });
}
