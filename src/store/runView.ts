import type { RunEvent } from "../engine/events";
import { emptyUsage } from "../engine/usage";
import type { Crew } from "../model";
import { laneAgent, resolveTool, seconds, ViewDraft } from "./runViewDraft";
import {
  activity,
  agentOfTask,
  BUSY,
  callSpan,
  clip,
  contextEdgeOf,
  endRun,
  endTask,
  endTool,
  isBusy,
  limitedTask,
  settleAgent,
  startTask,
  wait,
  withOutputs,
} from "./runViewSteps";
import { RUN_USAGE_KEY, type RunView, type Span, type UsageByModel } from "./runViewTypes";

/** The activity line of a node held by a pause. */
const PAUSED = "paused";

/** A task with nothing in flight while the run is paused is held at its next step: it (and its agent) wait. */
function hold(d: ViewDraft, taskId: string): void {
  if (d.status(taskId) !== "running" || d.openSpans((s) => s.taskId === taskId && s.kind !== "task").length > 0) return;
  wait(d, taskId, agentOfTask(d, taskId), PAUSED);
}

function holdIdle(d: ViewDraft): void {
  for (const id of d.nodesIn(["running"])) if (d.crew.tasks.some((t) => t.id === id)) hold(d, id);
}

function addUsage(
  byNode: RunView["nodeUsage"],
  span: Span | undefined,
  usage: { promptTokens: number; completionTokens: number },
): RunView["nodeUsage"] {
  const model = span?.label ?? "unknown";
  const next = { ...byNode };
  const keys = [RUN_USAGE_KEY, span?.taskId, span ? laneAgent(span) : null].filter((k): k is string => !!k);
  for (const key of keys) {
    const models: UsageByModel = { ...next[key] };
    const m = models[model] ?? { promptTokens: 0, completionTokens: 0, requests: 0 };
    models[model] = {
      promptTokens: m.promptTokens + usage.promptTokens,
      completionTokens: m.completionTokens + usage.completionTokens,
      requests: m.requests + 1,
    };
    next[key] = models;
  }
  return next;
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
  switch (e.type) {
    case "run.started":
      return { status: "running", startedAt: e.ts, ...(e.forkOf ? { forkOf: e.forkOf } : {}) };
    case "run.paused":
      holdIdle(d);
      return { paused: true };
    case "run.resumed":
      for (const id of d.nodesIn(["waiting"]))
        if (d.node(id)?.activity === PAUSED) d.patch(id, { status: "running", activity: "resuming" });
      return { paused: false };
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
      d.patch(e.taskId, { status: "skipped" }, true);
      return;
    case "agent.step":
      return activity(d, e.taskId, e.agentId, e.action ? `calling ${e.action.tool}` : "giving the final answer");
    case "agent.parse_error":
      return activity(d, e.taskId, e.agentId, "could not read its reply; asking again");
    case "agent.forced_final":
      return activity(d, e.taskId, e.agentId, "step limit reached");
    case "llm.request": {
      const agentId = e.agentId ?? null;
      const lane = agentId ?? e.taskId ?? "crew";
      d.openSpan({
        id: `llm:${e.callId}@${e.seq}`,
        kind: "llm",
        lane,
        ...(e.taskId ? { taskId: e.taskId } : {}),
        label: e.model,
        start: e.ts,
      });
      if (e.taskId) d.patch(e.taskId, { status: "running", activity: "thinking" });
      if (agentId) d.patch(agentId, { status: "running", activity: "thinking" });
      return;
    }
    case "llm.token": {
      const span = d.span(d.findOpen(callSpan(e.callId)));
      if (!span) return;
      if (span.taskId) d.stream(span.taskId, e.text, "writing");
      const agentId = laneAgent(span);
      if (agentId) d.stream(agentId, e.text, "writing");
      return;
    }
    case "llm.response": {
      const index = d.findOpen(callSpan(e.callId));
      const span = d.span(index);
      d.closeSpan(index, e.ts, { tokens: e.usage.promptTokens + e.usage.completionTokens });
      if (span) activity(d, span.taskId, laneAgent(span), "thinking");
      // The context has been read once the first answer is in.
      if (span?.taskId) d.removeEdges(contextEdgeOf(span.taskId));
      const u = d.view.usage;
      if (d.view.paused && span?.taskId) hold(d, span.taskId);
      return {
        nodeUsage: addUsage(d.view.nodeUsage, span, e.usage),
        usage: {
          promptTokens: u.promptTokens + e.usage.promptTokens,
          completionTokens: u.completionTokens + e.usage.completionTokens,
          totalTokens: u.totalTokens + e.usage.promptTokens + e.usage.completionTokens,
          requests: u.requests + 1,
          estimated: u.estimated || e.usage.estimated,
        },
      };
    }
    case "llm.retry": {
      const index = d.findOpen(callSpan(e.callId));
      const span = d.span(index);
      d.closeSpan(index, e.ts, { error: true });
      if (span) wait(d, span.taskId, laneAgent(span), `retrying in ${seconds(e.delayMs)} s`);
      return;
    }
    case "llm.fallback": {
      // The refused request got no response; its span ends here.
      const taskId = e.parentId ?? e.callId;
      d.closeSpans(e.ts, (s) => s.kind === "llm" && s.taskId === taskId, { error: true });
      return activity(d, taskId, agentOfTask(d, taskId), "switching to text tool calls");
    }
    case "ratelimit.wait": {
      const taskId = limitedTask(d, e.parentId, e.agentId);
      if (taskId) wait(d, taskId, e.agentId ?? agentOfTask(d, taskId), `rate limit: ${seconds(e.ms)} s`);
      return;
    }
    case "human.waiting":
      return wait(d, e.taskId, agentOfTask(d, e.taskId), "waiting for your review");
    case "human.verdict": {
      const agentId = agentOfTask(d, e.taskId);
      const line = e.approved ? "approved" : "revising after your feedback";
      d.patch(e.taskId, { status: "running", activity: line });
      if (agentId) d.patch(agentId, { status: "running", activity: line });
      return;
    }
    case "tool.started": {
      d.openSpan({ id: `tool:${e.toolCallId}`, kind: "tool", lane: e.agentId ?? e.taskId, taskId: e.taskId, label: e.tool, start: e.ts });
      activity(d, e.taskId, e.agentId, `using ${e.tool}`);
      const hit = resolveTool(d.crew, e.tool, e.taskId, e.agentId);
      if (hit) {
        d.patch(hit.toolId, { status: "running", activity: undefined, error: undefined });
        d.addEdge(`uses:${hit.toolId}:${hit.owner}`);
      }
      return;
    }
    case "tool.finished": {
      const index = d.findOpen((s) => s.id === `tool:${e.toolCallId}`);
      const taskId = d.span(index)?.taskId;
      endTool(d, index, e.ts, e.error !== undefined);
      if (d.view.paused && taskId) hold(d, taskId);
      return;
    }
    case "guardrail.result":
      return activity(d, e.taskId, agentOfTask(d, e.taskId), e.passed ? "guardrail passed" : `guardrail failed: ${clip(e.reason)}`);
    case "output.invalid":
      return activity(d, e.taskId, agentOfTask(d, e.taskId), "the output did not match its schema; asking again");
    case "file.written":
      return e.taskId ? activity(d, e.taskId, agentOfTask(d, e.taskId), `wrote ${e.path}`) : undefined;
    case "budget.exceeded":
      return e.parentId && isBusy(d.status(e.parentId)) ? activity(d, e.parentId, null, "token budget reached") : undefined;
    case "round.started":
      return { round: e.round };
    case "message.published":
      return;
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
