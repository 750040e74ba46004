import type { RunEvent } from "../../engine/events";
import type { ConsoleKind, DelegationRow, LineRow, LlmRow, PlanRow, RowBase, Tone, ToolRow } from "./consoleTypes";

// The rows the console builder makes from single events: pure functions of the event and where the row goes.

type Of<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;

/** Where a row goes: its task section (null at run level), task, agent, and the delegation it nests under. */
export type Where = Pick<RowBase, "section" | "taskId" | "agentId" | "parent">;

/** A run-level row. */
export const RUN_LEVEL: Where = { section: null, taskId: null, agentId: null };

/** A model call's row while its (latest) attempt waits for the answer. */
export const UNANSWERED = {
  state: "running",
  content: "",
  toolCalls: [],
  usage: null,
  durationMs: null,
} as const satisfies Partial<LlmRow>;

/** A one-line row, keyed by its event unless `key` says otherwise; an empty detail is left out. */
export function lineRow(
  e: RunEvent,
  at: Where,
  kind: ConsoleKind,
  tone: Tone,
  text: string,
  extra: { detail?: string | undefined; markdown?: boolean | undefined; heading?: boolean; key?: string } = {},
): LineRow {
  const row: LineRow = { type: "line", key: extra.key ?? `e:${e.seq}`, seq: e.seq, ts: e.ts, kind, ...at, tone, text };
  if (extra.detail?.trim()) Object.assign(row, { detail: extra.detail, ...(extra.markdown ? { markdown: true } : {}) });
  if (extra.heading) row.heading = true;
  return row;
}

export function llmRow(e: Of<"llm.request">, at: Where): LlmRow {
  return {
    type: "llm",
    key: `llm:${e.callId}`,
    seq: e.seq,
    ts: e.ts,
    kind: "llm",
    ...at,
    callId: e.callId,
    model: e.model,
    provider: e.provider,
    messages: e.messages,
    tools: e.tools,
    // Logs saved before requests were recorded have no prompt: such a row says so instead of breaking.
    prompt: e.prompt ?? [],
    promptFrom: e.promptFrom ?? 0,
    attempts: 1,
    ...UNANSWERED,
  };
}

export function llmAnswered(row: LlmRow, e: Of<"llm.response">): LlmRow {
  return { ...row, state: "done", content: e.content, toolCalls: e.toolCalls, usage: e.usage, durationMs: e.durationMs };
}

export function toolRow(e: Of<"tool.started">, at: Where): ToolRow {
  return {
    type: "tool",
    key: `tool:${e.toolCallId}`,
    seq: e.seq,
    ts: e.ts,
    kind: "tool",
    ...at,
    agentId: e.agentId ?? at.agentId,
    toolCallId: e.toolCallId,
    tool: e.tool,
    input: e.input,
    state: "running",
    output: null,
    error: null,
    cacheHit: false,
    repeated: false,
    durationMs: null,
  };
}

export function toolDone(row: ToolRow, e: Of<"tool.finished">): ToolRow {
  const { output, cacheHit, repeated } = e;
  return { ...row, tool: e.tool, state: "done", output, error: e.error ?? null, cacheHit, repeated, durationMs: e.ts - row.ts };
}

/**
 * A delegation's row, at the place given: the place (and key) of the tool call that asked for it when there is one.
 * Its agent is the delegating agent; it filters as a tool call.
 */
export function delegationRow(e: Of<"delegation.started">, place: Pick<RowBase, "key" | "seq" | "ts"> & Where): DelegationRow {
  return {
    ...place,
    type: "delegation",
    kind: "tool",
    agentId: e.fromAgentId,
    delegationId: e.delegationId,
    from: e.fromAgentId,
    to: e.toAgentId,
    delegation: e.kind,
    request: e.request,
    context: e.context,
    depth: e.depth,
    state: "running",
    output: null,
    error: null,
    durationMs: null,
  };
}

export function delegationDone(row: DelegationRow, e: Of<"delegation.finished">): DelegationRow {
  return { ...row, state: "done", output: e.output, error: e.error ?? null, durationMs: e.durationMs };
}

export function planRow(e: Of<"plan.created">): PlanRow {
  return { type: "plan", key: `e:${e.seq}`, seq: e.seq, ts: e.ts, kind: "task", ...RUN_LEVEL, plans: e.plans, warning: e.warning ?? null };
}

/** "Condition met (rule, on Research): the draft names three sources". */
export function conditionText(e: Of<"condition.checked">, taskName: (id: string) => string): string {
  const how = e.kind === "rule" ? "rule" : "JSON path";
  const on = e.against ? `, on ${taskName(e.against)}` : "";
  return `Condition ${e.passed ? "met" : "not met"} (${how}${on}): ${e.reason}`;
}
