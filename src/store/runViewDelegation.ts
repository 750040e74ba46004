import { MANAGER_AGENT_ID, type RunEvent } from "../engine/events";
import type { ViewDraft } from "./runViewDraft";
import { isBusy, settleAgent } from "./runViewSteps";
import type { DelegationView } from "./runViewTypes";

type Started = Extract<RunEvent, { type: "delegation.started" }>;
type Finished = Extract<RunEvent, { type: "delegation.finished" }>;

/** How an agent is named in activity lines: its role, the run's manager role, else its id. */
export function agentLabel(d: ViewDraft, id: string): string {
  const role = d.crew.agents.find((a) => a.id === id)?.role.trim();
  if (role) return role;
  const manager = d.view.manager;
  if (manager && manager.agentId === id && manager.role.trim()) return manager.role.trim();
  return id === MANAGER_AGENT_ID ? "Crew Manager" : id;
}

const short = (text: string) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
};

/** What a coworker is doing while a delegation to it is open. */
function workLine(d: ViewDraft, x: DelegationView): string {
  const how = x.kind === "ask" ? "answering a question from" : "working for";
  return `${how} ${agentLabel(d, x.from)}: ${short(x.request)}`;
}

/** What a task shows while work on it is delegated. */
function taskLine(d: ViewDraft, x: DelegationView): string {
  return `${x.kind === "ask" ? "asking" : "delegated to"} ${agentLabel(d, x.to)}`;
}

/**
 * The open delegation an event of a coworker's nested loop belongs to: the one its parentId names, else (for events
 * that name none) the open delegation to the event's agent on the same task, or on a task that is not in the crew.
 */
export function nestedIn(d: ViewDraft, e: RunEvent): DelegationView | undefined {
  const open = d.openDelegations();
  if (open.length === 0) return undefined;
  if (e.parentId !== undefined) {
    const named = d.openDelegation(e.parentId);
    if (named) return named;
  }
  const agentId = "agentId" in e ? e.agentId : null;
  if (!agentId) return undefined;
  const taskId = "taskId" in e ? e.taskId : undefined;
  const foreign = taskId === undefined || !d.crew.tasks.some((t) => t.id === taskId);
  return open.findLast((x) => x.to === agentId && (x.taskId === taskId || foreign));
}

/** The delegating agent waits for every coworker it has an open delegation with. */
function showWaiting(d: ViewDraft, agentId: string, open: readonly DelegationView[]): void {
  const names = [...new Set(open.filter((x) => x.from === agentId).map((x) => agentLabel(d, x.to)))];
  if (names.length > 0) d.patch(agentId, { status: "waiting", activity: `waiting for ${names.join(", ")}` });
}

/** A delegation (or question) starts: the coworker works, the delegating agent waits, the edge to the coworker lights. */
export function startDelegation(d: ViewDraft, e: Started): undefined {
  const item: DelegationView = {
    id: e.delegationId,
    taskId: e.taskId,
    from: e.fromAgentId,
    to: e.toAgentId,
    kind: e.kind,
    depth: e.depth,
    request: e.request,
    start: e.ts,
  };
  d.addDelegation(item);
  d.addEdge(`delegates:${item.from}:${item.to}`);
  d.patch(item.to, { status: "running", activity: workLine(d, item), streamed: undefined, error: undefined });
  const open = d.openDelegations();
  showWaiting(d, item.from, open);
  if (isBusy(d.status(item.taskId))) d.patch(item.taskId, { activity: taskLine(d, item) });
}

/**
 * A delegation ends: the coworker goes back to its other work (or done), the delegating agent reads the answer, and the
 * edge back to it lights until that agent's next event (see settleReturns).
 */
export function finishDelegation(d: ViewDraft, e: Finished): undefined {
  const done = d.closeDelegation(e.delegationId, e.ts, { output: e.output, ...(e.error !== undefined ? { error: e.error } : {}) });
  if (!done) return;
  const open = d.openDelegations();
  const forward = `delegates:${done.from}:${done.to}`;
  if (!open.some((x) => x.from === done.from && x.to === done.to)) d.removeEdges((id) => id === forward);
  d.addEdge(`delegates:${done.to}:${done.from}`);
  const again = open.findLast((x) => x.to === done.to);
  if (again) d.patch(done.to, { status: "running", activity: workLine(d, again) });
  else
    settleAgent(
      d,
      done.to,
      e.error !== undefined ? { status: "error", activity: undefined, error: e.error } : { status: "done", activity: undefined },
    );
  const answered = e.error !== undefined ? `${agentLabel(d, done.to)} could not answer` : `${agentLabel(d, done.to)} answered`;
  if (open.some((x) => x.from === done.from)) showWaiting(d, done.from, open);
  else d.patch(done.from, { status: "running", activity: answered });
  if (!isBusy(d.status(done.taskId))) return;
  const onTask = open.findLast((x) => x.taskId === done.taskId);
  d.patch(done.taskId, { activity: onTask ? taskLine(d, onTask) : answered });
}

/**
 * The edge back from a coworker stays lit from its answer until the delegating agent's next event: an event count,
 * not a timer, so a replay shows the same. `actor` is the agent the event is about.
 */
export function settleReturns(d: ViewDraft, actor: string | null | undefined): void {
  if (!actor) return;
  const suffix = `:${actor}`;
  const returning = (id: string) => id.startsWith("delegates:") && id.endsWith(suffix);
  if (!d.hasEdgeMatching(returning)) return;
  const open = d.openDelegations();
  d.removeEdges((id) => returning(id) && !open.some((x) => id === `delegates:${x.from}:${x.to}`));
}
