import type { Crew } from "../model";
import { type Problem, validateCrew } from "../model";
import type { DelegationView, RunView } from "./runViewTypes";

const cache = new WeakMap<Crew, Problem[]>();

/** Graph problems of a crew, computed once per document version. */
export function problemsOf(crew: Crew): Problem[] {
  let problems = cache.get(crew);
  if (!problems) {
    problems = validateCrew(crew);
    cache.set(crew, problems);
  }
  return problems;
}

/** Problems grouped by the node ids they concern. */
export function problemsByNode(crew: Crew): Map<string, Problem[]> {
  const map = new Map<string, Problem[]>();
  for (const p of problemsOf(crew)) {
    const owner = ownerOf(crew, p);
    if (!owner) continue;
    const list = map.get(owner) ?? [];
    list.push(p);
    map.set(owner, list);
  }
  return map;
}

/** The node a problem sits on: the one its path points into. */
export function ownerOf(crew: Crew, problem: Problem): string | undefined {
  const [field, index] = problem.path;
  if (typeof index !== "number") return undefined;
  if (field === "agents") return crew.agents[index]?.id;
  if (field === "tasks") return crew.tasks[index]?.id;
  if (field === "tools") return crew.tools[index]?.id;
  return undefined;
}

const byNodeCache = new WeakMap<Crew, Map<string, Problem[]>>();
const NONE: Problem[] = [];

/** The problems sitting on one node (a stable empty array when none, so selectors do not re-render). */
export function nodeProblems(crew: Crew, id: string): Problem[] {
  let map = byNodeCache.get(crew);
  if (!map) {
    map = problemsByNode(crew);
    byNodeCache.set(crew, map);
  }
  return map.get(id) ?? NONE;
}

/** A node's run state on the open crew (idle when no run of this crew is shown). */
export function nodeRunState(
  state: {
    run: import("./runViewTypes").RunView | null;
    runCrewId: string | null;
    crewId: string | null;
  },
  id: string,
): import("./runViewTypes").NodeRunState | undefined {
  return shownRun(state)?.nodes[id];
}

/** The run shown for the open crew (live or replayed), or null when the shown run belongs to another crew. */
export function shownRun(state: {
  run: import("./runViewTypes").RunView | null;
  runCrewId: string | null;
  crewId: string | null;
}): import("./runViewTypes").RunView | null {
  return state.runCrewId === state.crewId ? state.run : null;
}

/** The delegations of a run an agent gave (asked of others) and received (worked on for others), each in start order. */
export function delegationsOf(view: RunView, agentId: string): { given: DelegationView[]; received: DelegationView[] } {
  return {
    given: view.delegations.filter((x) => x.from === agentId),
    received: view.delegations.filter((x) => x.to === agentId),
  };
}
