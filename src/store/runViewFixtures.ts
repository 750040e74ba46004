import { EventLog, MANAGER_AGENT_ID, type RunEvent, type RunEventBody, type RunEventType } from "../engine/events";
import type { ChatRequest } from "../engine/ports";
import { testCrew } from "../engine/testing/harness";
import { stepOf } from "../engine/testing/rig";
import type { Crew } from "../model";
import { emptyRunView, foldEvent } from "./runView";
import type { RunView } from "./runViewTypes";

// Helpers for the run view tests (test-only).

/** Folds events one by one, deep-freezing every view so any in-place change would throw. */
export function snapshots(events: readonly RunEvent[], crew: Crew): RunView[] {
  let view = freeze(emptyRunView(events[0]?.runId ?? "run", events[0]?.ts ?? 0));
  return events.map((event) => {
    view = freeze(foldEvent(view, event, crew));
    return view;
  });
}

export function freeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  }
  return value;
}

/** The consecutive distinct statuses a node went through (idle before it is mentioned). */
export function history(views: RunView[], id: string): string[] {
  const out: string[] = ["idle"];
  for (const v of views) {
    const status = v.nodes[id]?.status ?? "idle";
    if (out.at(-1) !== status) out.push(status);
  }
  return out;
}

/** The view right after the nth (0-based) event of a type (for a task when given). */
export function viewAfter(events: readonly RunEvent[], views: RunView[], type: RunEventType, taskId?: string, nth = 0): RunView {
  const hits = events.flatMap((e, i) => (e.type === type && (taskId === undefined || ("taskId" in e && e.taskId === taskId)) ? [i] : []));
  const index = hits[nth];
  if (index === undefined) throw new Error(`no ${type} #${nth} ${taskId ?? ""}`);
  return views[index] as RunView;
}

export const answer = (request: ChatRequest) => `output of step ${stepOf(request)}`;

const usage0 = { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, estimated: false };
const callUsage = { promptTokens: 10, completionTokens: 5, estimated: false };

/** Writes a run log by hand, the way the engine numbers and stamps it (one ms per event). */
export function handLog(runId = "run-1") {
  const log = new EventLog(
    runId,
    (() => {
      let t = 1_000;
      return () => t++;
    })(),
  );
  const emit = (body: RunEventBody, parentId?: string) => log.emit(body, parentId);
  /** One model call: request, a token, response (with tool calls when given). */
  const call = (
    callId: string,
    taskId: string | undefined,
    agentId: string | null,
    parent: string | undefined,
    content: string,
    tools: string[] = [],
  ) => {
    emit(
      {
        type: "llm.request",
        callId,
        ...(taskId ? { taskId } : {}),
        agentId,
        model: "m",
        provider: "p",
        messages: 2,
        tools: 2,
        prompt: [],
        promptFrom: 0,
      },
      parent,
    );
    emit({ type: "llm.token", callId, text: content }, callId);
    emit(
      {
        type: "llm.response",
        callId,
        content,
        toolCalls: tools.map((name) => ({ name, arguments: "{}" })),
        usage: callUsage,
        durationMs: 1,
      },
      parent,
    );
  };
  return { events: log.events, emit, call };
}

/** A hierarchical crew: a generated manager delegates t1 to the Writer (a1), who asks the Researcher (a2) a question. */
export function hierarchicalRun(): { crew: Crew; events: RunEvent[] } {
  const crew = testCrew({
    agents: [{ role: "Writer", allowDelegation: true }, { role: "Researcher" }],
    tasks: [{ name: "Intro" }],
  });
  crew.process = "hierarchical";
  const { events, emit, call } = handLog();
  const M = MANAGER_AGENT_ID;
  const ids = { taskId: "t1" };
  emit({
    type: "run.started",
    crew: crew.name,
    process: "hierarchical",
    inputs: {},
    tasks: ["t1"],
    manager: { agentId: M, role: "Crew Manager", generated: true },
  });
  emit({ type: "task.queued", taskId: "t1" }, "t1");
  emit({ type: "task.started", taskId: "t1", agentId: M, attempt: 1, context: [] }, "t1");
  call("m1", "t1", M, "t1", "I will delegate", ["delegate_work_to_coworker"]);
  emit({ type: "agent.step", taskId: "t1", agentId: M, iteration: 1, action: { tool: "delegate_work_to_coworker", input: {} } }, "t1");
  emit({ type: "tool.started", toolCallId: "d1", taskId: "t1", agentId: M, tool: "delegate_work_to_coworker", input: {} }, "t1");
  emit(
    {
      type: "delegation.started",
      delegationId: "d1",
      ...ids,
      fromAgentId: M,
      toAgentId: "a1",
      kind: "delegate",
      request: "Write the intro",
      context: "About owls",
      depth: 1,
    },
    "t1",
  );
  call("w1", "t1", "a1", "d1", "Draft", ["ask_question_to_coworker"]);
  emit({ type: "agent.step", taskId: "t1", agentId: "a1", iteration: 1, action: { tool: "ask_question_to_coworker", input: {} } }, "d1");
  emit({ type: "tool.started", toolCallId: "d2", taskId: "t1", agentId: "a1", tool: "ask_question_to_coworker", input: {} }, "d1");
  emit(
    {
      type: "delegation.started",
      delegationId: "d2",
      ...ids,
      fromAgentId: "a1",
      toAgentId: "a2",
      kind: "ask",
      request: "How long do owls live?",
      context: "",
      depth: 2,
    },
    "d1",
  );
  call("r1", "t1", "a2", "d2", "About 20 years");
  emit({ type: "agent.step", taskId: "t1", agentId: "a2", iteration: 1 }, "d2");
  emit(
    {
      type: "delegation.finished",
      delegationId: "d2",
      ...ids,
      fromAgentId: "a1",
      toAgentId: "a2",
      output: "About 20 years",
      durationMs: 4,
    },
    "d1",
  );
  emit(
    {
      type: "tool.finished",
      toolCallId: "d2",
      tool: "ask_question_to_coworker",
      output: "About 20 years",
      cacheHit: false,
      repeated: false,
    },
    "d1",
  );
  call("w2", "t1", "a1", "d1", "Owls live long.");
  emit(
    { type: "delegation.finished", delegationId: "d1", ...ids, fromAgentId: M, toAgentId: "a1", output: "Owls live long.", durationMs: 12 },
    "t1",
  );
  emit(
    {
      type: "tool.finished",
      toolCallId: "d1",
      tool: "delegate_work_to_coworker",
      output: "Owls live long.",
      cacheHit: false,
      repeated: false,
    },
    "t1",
  );
  call("m2", "t1", M, "t1", "Owls live long.");
  const output = { taskId: "t1", agentId: M, raw: "Owls live long.", usage: { ...usage0, totalTokens: 75, requests: 5 } };
  emit({ type: "task.completed", taskId: "t1", output }, "t1");
  emit({ type: "run.completed", output: output.raw, tasks: [output], usage: { ...usage0, totalTokens: 75, requests: 5 }, durationMs: 30 });
  return { crew, events };
}

/** Planning and conditions: t2's rule fails (it is skipped after its check call), t3's JSON path passes. */
export function plannedRun(): { crew: Crew; events: RunEvent[] } {
  const crew = testCrew({
    tasks: [
      {},
      { condition: { type: "rule", rule: "the draft mentions owls" } },
      { condition: { type: "jsonPath", path: "$.ok", op: "truthy" } },
    ],
  });
  const { events, emit, call } = handLog();
  emit({ type: "run.started", crew: crew.name, process: "sequential", inputs: {}, tasks: ["t1", "t2", "t3"] });
  for (const taskId of ["t1", "t2", "t3"]) emit({ type: "task.queued", taskId }, taskId);
  call("p1", undefined, null, undefined, '{"plans": []}');
  emit({ type: "plan.created", plans: ["t1", "t2", "t3"].map((taskId) => ({ taskId, plan: `1. plan ${taskId}` })) });
  const done = (taskId: string) => {
    emit({ type: "task.started", taskId, agentId: "a1", attempt: 1, context: [] }, taskId);
    call(`c-${taskId}`, taskId, "a1", taskId, `{"ok": true}`);
    emit({ type: "task.completed", taskId, output: { taskId, agentId: "a1", raw: '{"ok": true}', usage: usage0 } }, taskId);
  };
  done("t1");
  call("v2", "t2", "a1", "t2", '{"pass": false, "reason": "no owls"}');
  emit({ type: "condition.checked", taskId: "t2", kind: "rule", passed: false, reason: "no owls in the draft", against: "t1" }, "t2");
  emit({ type: "task.skipped", taskId: "t2", reason: "condition not met: no owls in the draft" }, "t2");
  emit({ type: "condition.checked", taskId: "t3", kind: "jsonPath", passed: true, reason: "$.ok is true", against: "t2" }, "t3");
  done("t3");
  emit({ type: "run.completed", output: "", tasks: [], usage: usage0, durationMs: 20 });
  return { crew, events };
}
