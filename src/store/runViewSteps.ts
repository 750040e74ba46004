import type { RunEvent } from "../engine/events";
import { type Crew, taskTitle } from "../model";
import { laneAgent, type NodePatch, resolveTool, type ViewDraft } from "./runViewDraft";
import { closeRounds } from "./runViewRounds";
import type { NodeStatus, RunView, Span } from "./runViewTypes";

/** Statuses of a node at work. */
export const BUSY: readonly NodeStatus[] = ["running", "waiting"];
export const isBusy = (status: NodeStatus) => BUSY.includes(status);

export function startTask(d: ViewDraft, e: Extract<RunEvent, { type: "task.started" }>): undefined {
  d.patch(e.taskId, { status: "running", activity: "starting" }, true);
  if (e.agentId) d.patch(e.agentId, { status: "running", activity: "starting", streamed: undefined, error: undefined });
  // A later attempt of the same task (guardrail, schema or review retry) stays within the span opened first.
  if (d.findOpen(taskSpan(e.taskId)) < 0) {
    const task = d.crew.tasks.find((t) => t.id === e.taskId);
    d.openSpan({
      id: `task:${e.taskId}@${e.seq}`,
      kind: "task",
      lane: e.agentId ?? e.taskId,
      taskId: e.taskId,
      label: task?.name.trim() || e.taskId,
      start: e.ts,
    });
  }
  if (e.agentId) d.addEdge(`performs:${e.taskId}:${e.agentId}`);
  for (const from of contextSources(d.crew, e.taskId, e.context)) d.addEdge(`context:${from}:${e.taskId}`);
}

/** Declared context tasks whose output the task was handed (the event names them by title: name, else id). */
export function contextSources(crew: Crew, taskId: string, titles: readonly string[]): string[] {
  const declared = crew.tasks.find((t) => t.id === taskId)?.context ?? [];
  return declared.filter((id) => {
    const from = crew.tasks.find((t) => t.id === id);
    return from !== undefined && (titles.includes(taskTitle(from)) || titles.includes(from.id));
  });
}

export const contextEdgeOf = (taskId: string) => (id: string) => id.startsWith("context:") && id.endsWith(`:${taskId}`);

export const taskSpan = (taskId: string) => (s: Span) => s.end === undefined && s.kind === "task" && s.taskId === taskId;

/** Matches the open span of a model call; its id is `llm:<callId>@<seq>` (one span per attempt). */
export function callSpan(callId: string): (s: Span) => boolean {
  const prefix = `llm:${callId}@`;
  return (s) => s.end === undefined && s.kind === "llm" && s.id.startsWith(prefix) && s.id.lastIndexOf("@") === prefix.length - 1;
}

/** The agent working on a task: from its open span, else from the crew. */
export function agentOfTask(d: ViewDraft, taskId: string): string | null {
  const span = d.span(d.findOpen(taskSpan(taskId)));
  if (span) return laneAgent(span);
  return d.crew.tasks.find((t) => t.id === taskId)?.agent ?? null;
}

/** Statuses of the agent's other tasks still in progress. */
export function otherWork(d: ViewDraft, agentId: string, exceptTask?: string): NodeStatus[] {
  return d
    .openSpans((s) => s.kind === "task" && s.lane === agentId && s.taskId !== exceptTask)
    .map((s) => d.status(s.taskId ?? ""))
    .filter(isBusy);
}

/** After one of its tasks ended: the agent keeps working while another runs, else takes `free`. */
export function settleAgent(d: ViewDraft, agentId: string, free: NodePatch): void {
  const others = otherWork(d, agentId);
  if (others.length === 0) d.patch(agentId, free);
  else d.patch(agentId, { status: others.includes("running") ? "running" : "waiting" });
}

export function activity(d: ViewDraft, taskId: string | undefined, agentId: string | null | undefined, line: string): undefined {
  if (taskId) d.patch(taskId, { activity: line });
  if (agentId) d.patch(agentId, { activity: line });
}

/** A task pauses; its agent too unless another of its tasks is running. */
export function wait(d: ViewDraft, taskId: string | undefined, agentId: string | null | undefined, line: string): undefined {
  if (taskId) d.patch(taskId, { status: "waiting", activity: line });
  if (agentId && !otherWork(d, agentId, taskId).includes("running")) d.patch(agentId, { status: "waiting", activity: line });
}

/** The task a rate-limit wait holds up: the caller's task when it is at work, else the agent's running task. */
export function limitedTask(d: ViewDraft, parentId: string | undefined, agentId: string | null): string | undefined {
  if (parentId && isBusy(d.status(parentId)) && d.findOpen(taskSpan(parentId)) >= 0) return parentId;
  if (!agentId) return undefined;
  const span = d.openSpans((s) => s.kind === "task" && s.lane === agentId && d.status(s.taskId ?? "") === "running")[0];
  return span?.taskId;
}

/** Closes a task's span and whatever ran inside it; its edges go quiet. */
export function endTask(d: ViewDraft, taskId: string, ts: number, extra: Partial<Span>): void {
  d.closeSpan(d.findOpen(taskSpan(taskId)), ts, extra);
  for (const span of d.openSpans((s) => s.taskId === taskId && s.kind === "tool"))
    endTool(
      d,
      d.findOpen((s) => s === span),
      ts,
      true,
    );
  d.closeSpans(ts, (s) => s.taskId === taskId && s.kind === "llm", { error: true });
  d.removeEdges((id) => id.startsWith(`performs:${taskId}:`) || contextEdgeOf(taskId)(id));
}

/** The activity line of a node held by a pause. */
export const PAUSED = "paused";

/**
 * A task with nothing in flight while the run is paused is held at its next step: it waits, and so does its agent, or
 * the coworker it is delegated to (the open delegation call itself is not work in flight).
 */
export function hold(d: ViewDraft, taskId: string): void {
  if (d.status(taskId) !== "running") return;
  const delegated = d.openDelegations().filter((x) => x.taskId === taskId);
  const calls = (s: Span) => s.taskId === taskId && s.kind !== "task" && !delegated.some((x) => s.id === `tool:${x.id}`);
  if (d.openSpans(calls).length > 0) return;
  wait(d, taskId, delegated.at(-1)?.to ?? agentOfTask(d, taskId), PAUSED);
}

/** Closes a tool span; the tool node and its edge stay active while another call of it is open. */
export function endTool(d: ViewDraft, index: number, ts: number, error: boolean): void {
  const span = d.span(index);
  if (!span || span.end !== undefined) return;
  d.closeSpan(index, ts, error ? { error: true } : {});
  const toolOf = (s: Span) => resolveTool(d.crew, s.label, s.taskId ?? "", laneAgent(s));
  const hit = toolOf(span);
  if (!hit) return;
  const edge = `uses:${hit.toolId}:${hit.owner}`;
  const others = d.openSpans((s) => s.kind === "tool").map(toolOf);
  if (!others.some((o) => o?.toolId === hit.toolId)) d.patch(hit.toolId, { status: "done", activity: undefined });
  if (!others.some((o) => o && `uses:${o.toolId}:${o.owner}` === edge)) d.removeEdges((id) => id === edge);
}

/**
 * The run ended: busy nodes take the final status, open spans, delegations and the last round end now, and no edge
 * is active.
 */
export function endRun(d: ViewDraft, ts: number, from: readonly NodeStatus[], to: NodeStatus): void {
  for (const id of d.nodesIn(from)) d.patch(id, { status: to, activity: undefined });
  // Calls still open when a run fails or stops were cut off: the timeline shows them as such.
  if (to !== "done") d.closeSpans(ts, (s) => s.kind !== "task", { error: true });
  d.closeSpans(ts, () => true);
  d.removeEdges(() => true);
  const cut = to === "done" ? {} : { error: "the run ended before the coworker answered" };
  for (const x of d.openDelegations()) d.closeDelegation(x.id, ts, cut);
  const rounds = closeRounds(d.view.rounds, ts);
  if (rounds !== d.view.rounds) d.merge({ rounds });
}

export function withOutputs(outputs: RunView["outputs"], tasks: readonly RunView["outputs"][string][]): RunView["outputs"] {
  if (tasks.length === 0) return outputs;
  const next = { ...outputs };
  for (const output of tasks) next[output.taskId] = output;
  return next;
}

export const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);
