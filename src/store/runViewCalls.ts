import type { RunEvent } from "../engine/events";
import { nestedIn } from "./runViewDelegation";
import { laneAgent, resolveTool, seconds, type ViewDraft } from "./runViewDraft";
import { activity, agentOfTask, callSpan, contextEdgeOf, endTool, hold, wait } from "./runViewSteps";
import { RUN_USAGE_KEY, type RunView, type Span, type UsageByModel } from "./runViewTypes";

// Model and tool calls. A call a coworker makes for a delegation (its events nest under the delegation) updates the
// coworker's node and counts to the task, but never touches the task node: that shows the delegating agent's work.

type Of<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;

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

/** "calling <tool>" / "using <tool>", but in words for the two delegation tools (native or ReAct names). */
export function callLine(verb: "calling" | "using", tool: string): string {
  if (/^delegate[_ ]work[_ ]to[_ ]coworker$/i.test(tool)) return "delegating to a coworker";
  if (/^ask[_ ]question[_ ]to[_ ]coworker$/i.test(tool)) return "asking a coworker";
  return `${verb} ${tool}`;
}

/** The task node a span may update: none for a coworker's call. */
const taskNodeOf = (span: Span) => (span.delegationId ? undefined : span.taskId);

export function llmRequest(d: ViewDraft, e: Of<"llm.request">): undefined {
  const agentId = e.agentId ?? null;
  const nest = nestedIn(d, e);
  const taskId = nest ? nest.taskId : e.taskId;
  d.openSpan({
    id: `llm:${e.callId}@${e.seq}`,
    kind: "llm",
    lane: agentId ?? taskId ?? "crew",
    ...(taskId ? { taskId } : {}),
    label: e.model,
    start: e.ts,
    ...(nest ? { delegationId: nest.id } : {}),
  });
  if (taskId && !nest) d.patch(taskId, { status: "running", activity: "thinking" });
  if (agentId) d.patch(agentId, { status: "running", activity: "thinking" });
}

export function llmToken(d: ViewDraft, e: Of<"llm.token">): undefined {
  const span = d.span(d.findOpen(callSpan(e.callId)));
  if (!span) return;
  const taskId = taskNodeOf(span);
  if (taskId) d.stream(taskId, e.text, "writing");
  const agentId = laneAgent(span);
  if (agentId) d.stream(agentId, e.text, "writing");
}

export function llmResponse(d: ViewDraft, e: Of<"llm.response">): Partial<RunView> {
  const index = d.findOpen(callSpan(e.callId));
  const span = d.span(index);
  d.closeSpan(index, e.ts, { tokens: e.usage.promptTokens + e.usage.completionTokens });
  if (span) activity(d, taskNodeOf(span), laneAgent(span), "thinking");
  // The context has been read once the first answer is in.
  if (span?.taskId && !span.delegationId) d.removeEdges(contextEdgeOf(span.taskId));
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

export function llmRetry(d: ViewDraft, e: Of<"llm.retry">): undefined {
  const index = d.findOpen(callSpan(e.callId));
  const span = d.span(index);
  d.closeSpan(index, e.ts, { error: true });
  if (span) wait(d, taskNodeOf(span), laneAgent(span), `retrying in ${seconds(e.delayMs)} s`);
}

export function llmFallback(d: ViewDraft, e: Of<"llm.fallback">): undefined {
  const nest = e.parentId ? d.openDelegation(e.parentId) : undefined;
  const line = "switching to text tool calls";
  // The refused request got no response; its span ends here.
  if (nest) {
    d.closeSpans(e.ts, (s) => s.kind === "llm" && s.delegationId === nest.id, { error: true });
    return activity(d, undefined, nest.to, line);
  }
  const taskId = e.parentId ?? e.callId;
  d.closeSpans(e.ts, (s) => s.kind === "llm" && s.taskId === taskId && !s.delegationId, { error: true });
  return activity(d, taskId, agentOfTask(d, taskId), line);
}

/** An agent step (or a parse error, a forced answer): the activity line of its task, or of the coworker when nested. */
export function stepActivity(d: ViewDraft, e: Of<"agent.step" | "agent.parse_error" | "agent.forced_final">, line: string): undefined {
  return activity(d, nestedIn(d, e) ? undefined : e.taskId, e.agentId, line);
}

export function toolStarted(d: ViewDraft, e: Of<"tool.started">): undefined {
  const nest = nestedIn(d, e);
  const lane = e.agentId ?? e.taskId;
  d.openSpan({
    id: `tool:${e.toolCallId}`,
    kind: "tool",
    lane,
    taskId: e.taskId,
    label: e.tool,
    start: e.ts,
    ...(nest ? { delegationId: nest.id } : {}),
  });
  // The call that hands work to a coworker: its delegation says what the agent is doing.
  if (d.openDelegation(e.toolCallId)) return;
  activity(d, nest ? undefined : e.taskId, e.agentId, callLine("using", e.tool));
  const hit = resolveTool(d.crew, e.tool, e.taskId, e.agentId);
  if (hit) {
    d.patch(hit.toolId, { status: "running", activity: undefined, error: undefined });
    d.addEdge(`uses:${hit.toolId}:${hit.owner}`);
  }
}

export function toolFinished(d: ViewDraft, e: Of<"tool.finished">): undefined {
  const index = d.findOpen((s) => s.id === `tool:${e.toolCallId}`);
  const taskId = d.span(index)?.taskId;
  endTool(d, index, e.ts, e.error !== undefined);
  if (d.view.paused && taskId) hold(d, taskId);
}

export function rateLimited(d: ViewDraft, e: Of<"ratelimit.wait">, taskId: string | undefined): undefined {
  const nest = nestedIn(d, e);
  const line = `rate limit: ${seconds(e.ms)} s`;
  if (nest) return wait(d, undefined, nest.to, line);
  if (taskId) wait(d, taskId, e.agentId ?? agentOfTask(d, taskId), line);
}
