import type { RunEvent } from "../engine/events";
import { emptyUsage } from "../engine/usage";
import type { Crew } from "../model";
import {
  callLine,
  llmFallback,
  llmRequest,
  llmResponse,
  llmRetry,
  llmToken,
  rateLimited,
  stepActivity,
  toolFinished,
  toolStarted,
} from "./runViewCalls";
import { finishDelegation, settleReturns, startDelegation } from "./runViewDelegation";
import { ViewDraft } from "./runViewDraft";
import { publishMessage, startRound } from "./runViewRounds";
import {
  activity,
  agentOfTask,
  BUSY,
  clip,
  endRun,
  endTask,
  hold,
  isBusy,
  limitedTask,
  otherWork,
  PAUSED,
  settleAgent,
  startTask,
  taskSpan,
  wait,
  withOutputs,
} from "./runViewSteps";
import type { RunView } from "./runViewTypes";

function holdIdle(d: ViewDraft): void {
  for (const id of d.nodesIn(["running"])) if (d.crew.tasks.some((t) => t.id === id)) hold(d, id);
}

/**
 * A rule condition is judged by a model call on the task before it starts, which shows the task and its agent at work;
 * once the verdict is in, the task is queued again and the agent goes back to what it was (done if it did a task).
 */
function afterCheck(d: ViewDraft, taskId: string): void {
  if (d.findOpen(taskSpan(taskId)) >= 0 || !isBusy(d.status(taskId))) return;
  d.patch(taskId, { status: "queued", activity: undefined, streamed: undefined });
  const agentId = d.crew.tasks.find((t) => t.id === taskId)?.agent;
  if (!agentId || !isBusy(d.status(agentId)) || otherWork(d, agentId).length > 0) return;
  if (d.openDelegations().some((x) => x.to === agentId || x.from === agentId)) return;
  const worked = d.view.spans.some((s) => s.kind === "task" && s.lane === agentId);
  d.patch(agentId, { status: worked ? "done" : "idle", activity: undefined, streamed: undefined });
}

export { STREAM_CAP } from "./runViewDraft";

/** The view of a run before any event: running, nothing mentioned (every node idle). */
export function emptyRunView(runId: string, startedAt: number): RunView {
  return {
    runId,
    status: "running",
    startedAt,
    nodes: {},
    activeEdges: [],
    outputs: {},
    usage: emptyUsage(),
    spans: [],
    seq: 0,
    paused: false,
    nodeUsage: {},
    delegations: [],
    plans: {},
    conditions: {},
    rounds: [],
    messages: [],
  };
}

/**
 * Folds one event into a view and returns the new view; the old one is never changed. Events already folded
 * (seq at or below the view's) and events of another run return the same view, so replays are idempotent.
 */
export function foldEvent(view: RunView, event: RunEvent, crew: Crew): RunView {
  return foldBatch(view, [event], crew);
}

/**
 * Folds a batch of events (a frame's worth from a live run) with one draft, so nodes and spans are copied once per
 * batch instead of once per event; the result equals folding them one by one.
 */
export function foldBatch(view: RunView, events: readonly RunEvent[], crew: Crew): RunView {
  let d: ViewDraft | null = null;
  for (const event of events) {
    const current = d ? d.view : view;
    if (event.seq <= current.seq) continue;
    if (event.runId !== current.runId && current.seq > 0) continue;
    d ??= new ViewDraft(view, crew);
    const fields = apply(d, event);
    d.merge({ ...fields, seq: event.seq, ...(event.runId !== current.runId ? { runId: event.runId } : {}) });
  }
  return d ? d.build({}) : view;
}

/** Folds a whole run log; it must start with run.started. */
export function foldEvents(events: readonly RunEvent[], crew: Crew): RunView {
  return foldUntil(events, Number.POSITIVE_INFINITY, crew);
}

/** Folds a run log (in seq order, starting with run.started) up to and including the event numbered `seq`: replay. */
export function foldUntil(events: readonly RunEvent[], seq: number, crew: Crew): RunView {
  const first = events[0];
  if (!first) throw new Error("cannot fold a run view: there are no events");
  if (first.type !== "run.started")
    throw new Error(`cannot fold a run view: the events must start with run.started, not ${first.type} (seq ${first.seq})`);
  let view = emptyRunView(first.runId, first.ts);
  for (const event of events) {
    if (event.seq > seq) break;
    view = foldEvent(view, event, crew);
  }
  return view;
}

function apply(d: ViewDraft, e: RunEvent): Partial<RunView> | undefined {
  // An event of the agent that delegated ends the return leg of its finished delegations.
  if ("agentId" in e) settleReturns(d, e.agentId);
  switch (e.type) {
    case "run.started":
      return {
        status: "running",
        startedAt: e.ts,
        ...(e.forkOf ? { forkOf: e.forkOf } : {}),
        ...(e.manager ? { manager: e.manager } : {}),
      };
    case "run.paused":
      holdIdle(d);
      return { paused: true };
    case "run.resumed":
      for (const id of d.nodesIn(["waiting"]))
        if (d.node(id)?.activity === PAUSED) d.patch(id, { status: "running", activity: "resuming" });
      return { paused: false };
    case "plan.created":
      return { plans: { ...d.view.plans, ...Object.fromEntries(e.plans.map((p) => [p.taskId, p.plan])) } };
    case "condition.checked":
      afterCheck(d, e.taskId);
      d.patch(e.taskId, { activity: `condition ${e.passed ? "met" : "not met"}: ${clip(e.reason)}` });
      return { conditions: { ...d.view.conditions, [e.taskId]: { passed: e.passed, reason: e.reason, kind: e.kind } } };
    case "task.restored":
      d.patch(e.taskId, { status: "done", activity: "restored from an earlier run" }, true);
      return { outputs: { ...d.view.outputs, [e.taskId]: e.output } };
    case "task.queued":
      d.patch(e.taskId, { status: "queued" }, true);
      return;
    case "task.started":
      return startTask(d, e);
    case "task.completed": {
      const agentId = agentOfTask(d, e.taskId) ?? e.output.agentId;
      endTask(d, e.taskId, e.ts, { tokens: e.output.usage.totalTokens });
      d.patch(e.taskId, { status: "done", activity: undefined, error: undefined });
      if (agentId) settleAgent(d, agentId, { status: "done", activity: undefined, error: undefined });
      return { outputs: { ...d.view.outputs, [e.taskId]: e.output } };
    }
    case "task.failed": {
      const agentId = agentOfTask(d, e.taskId);
      endTask(d, e.taskId, e.ts, { error: true });
      d.patch(e.taskId, { status: "error", activity: undefined, error: e.error });
      if (agentId) settleAgent(d, agentId, { status: "error", activity: undefined, error: e.error });
      return;
    }
    case "task.skipped":
      afterCheck(d, e.taskId);
      d.patch(e.taskId, { status: "skipped", activity: e.reason }, true);
      return;
    case "agent.step":
      return stepActivity(d, e, e.action ? callLine("calling", e.action.tool) : "giving the final answer");
    case "agent.parse_error":
      return stepActivity(d, e, "could not read its reply; asking again");
    case "agent.forced_final":
      return stepActivity(d, e, "step limit reached");
    case "llm.request":
      return llmRequest(d, e);
    case "llm.token":
      return llmToken(d, e);
    case "llm.response":
      return llmResponse(d, e);
    case "llm.retry":
      return llmRetry(d, e);
    case "llm.fallback":
      return llmFallback(d, e);
    case "ratelimit.wait":
      return rateLimited(d, e, limitedTask(d, e.parentId, e.agentId));
    case "human.waiting":
      return wait(d, e.taskId, agentOfTask(d, e.taskId), "waiting for your review");
    case "human.verdict": {
      const agentId = agentOfTask(d, e.taskId);
      const line = e.approved ? "approved" : "revising after your feedback";
      d.patch(e.taskId, { status: "running", activity: line });
      if (agentId) d.patch(agentId, { status: "running", activity: line });
      return;
    }
    case "tool.started":
      return toolStarted(d, e);
    case "tool.finished":
      return toolFinished(d, e);
    case "delegation.started":
      settleReturns(d, e.fromAgentId);
      return startDelegation(d, e);
    case "delegation.finished":
      return finishDelegation(d, e);
    case "guardrail.result":
      return activity(d, e.taskId, agentOfTask(d, e.taskId), e.passed ? "guardrail passed" : `guardrail failed: ${clip(e.reason)}`);
    case "output.invalid":
      return activity(d, e.taskId, agentOfTask(d, e.taskId), "the output did not match its schema; asking again");
    case "file.written":
      return e.taskId ? activity(d, e.taskId, agentOfTask(d, e.taskId), `wrote ${e.path}`) : undefined;
    case "budget.exceeded":
      return e.parentId && isBusy(d.status(e.parentId)) ? activity(d, e.parentId, null, "token budget reached") : undefined;
    case "round.started":
      return startRound(d, e);
    case "message.published":
      return publishMessage(d, e);
    case "run.completed":
      endRun(d, e.ts, BUSY, "done");
      return { status: "completed", endedAt: e.ts, usage: e.usage, outputs: withOutputs(d.view.outputs, e.tasks) };
    case "run.failed":
      endRun(d, e.ts, BUSY, "error");
      // Tasks still queued will never run: left "queued", they would look as if the failed run were still going.
      for (const id of d.nodesIn(["queued"])) d.patch(id, { status: "skipped" });
      return { status: "failed", endedAt: e.ts, usage: e.usage, error: e.error };
    case "run.cancelled":
      // In a cancelled run, task failures are the stop reaching work in flight: they show as cancelled too.
      endRun(d, e.ts, ["running", "waiting", "queued", "error"], "cancelled");
      return { status: "cancelled", endedAt: e.ts, usage: e.usage, error: e.reason };
  }
}
