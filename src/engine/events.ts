import type { ChatMessage, Usage } from "./ports";

/** Token usage with a flag for counts the engine had to estimate because the endpoint gave none. */
export interface UsageReport extends Usage {
  totalTokens: number;
  requests: number;
  estimated: boolean;
}

/** A task's result: the raw text, and the parsed JSON when the task has an output schema. */
export interface TaskOutput {
  taskId: string;
  agentId: string | null;
  raw: string;
  json?: unknown;
  usage: UsageReport;
}

/** Everything a run can report, one variant per event type; every event also has the fields of EventBase. */
export type RunEventBody =
  | {
      type: "run.started";
      crew: string;
      process: string;
      inputs: Record<string, string>;
      tasks: string[];
      /** Set on a fork: the saved run whose earlier outputs were restored, and the task it re-runs from. */
      forkOf?: { runId: string; taskId: string };
      /** Set on a hierarchical run: who manages it (MANAGER_AGENT_ID when the engine generated the manager). */
      manager?: { agentId: string; role: string; generated: boolean };
    }
  | { type: "run.completed"; output: string; tasks: TaskOutput[]; usage: UsageReport; durationMs: number }
  | { type: "run.failed"; error: string; usage: UsageReport; durationMs: number }
  | { type: "run.cancelled"; reason: string; usage: UsageReport; durationMs: number }
  | { type: "run.paused" }
  | { type: "run.resumed" }
  | { type: "task.queued"; taskId: string }
  | { type: "task.restored"; taskId: string; output: TaskOutput; fromRunId: string }
  | { type: "task.started"; taskId: string; agentId: string | null; attempt: number; context: string[] }
  | { type: "task.completed"; taskId: string; output: TaskOutput }
  | { type: "task.failed"; taskId: string; error: string }
  | { type: "task.skipped"; taskId: string; reason: string }
  | {
      type: "agent.step";
      taskId: string;
      agentId: string | null;
      iteration: number;
      thought?: string;
      action?: { tool: string; input: unknown };
    }
  | { type: "agent.parse_error"; taskId: string; agentId: string | null; iteration: number; error: string }
  | { type: "agent.forced_final"; taskId: string; agentId: string | null; iteration: number }
  | {
      type: "llm.request";
      callId: string;
      taskId?: string;
      agentId?: string | null;
      model: string;
      provider: string;
      messages: number;
      tools: number;
      /**
       * The messages of this request not already logged by an earlier request of the same conversation, which start
       * at index `promptFrom`; a console rebuilds the whole request from the conversation's earlier requests.
       */
      prompt: ChatMessage[];
      promptFrom: number;
    }
  | { type: "llm.token"; callId: string; text: string }
  | {
      type: "llm.response";
      callId: string;
      content: string;
      toolCalls: { name: string; arguments: string }[];
      usage: Usage & { estimated: boolean };
      durationMs: number;
    }
  | { type: "llm.retry"; callId: string; attempt: number; delayMs: number; reason: string }
  | { type: "llm.fallback"; callId: string; reason: string }
  | { type: "tool.started"; toolCallId: string; taskId: string; agentId: string | null; tool: string; input: unknown }
  | { type: "tool.finished"; toolCallId: string; tool: string; output: string; error?: string; cacheHit: boolean; repeated: boolean }
  | { type: "guardrail.result"; taskId: string; passed: boolean; reason: string; attempt: number }
  | { type: "output.invalid"; taskId: string; errors: string; attempt: number }
  | { type: "human.waiting"; taskId: string }
  | { type: "human.verdict"; taskId: string; approved: boolean; feedback?: string }
  | { type: "ratelimit.wait"; scope: "agent" | "crew"; agentId: string | null; ms: number }
  | { type: "budget.exceeded"; limit: number; used: number; unit?: "tokens" | "usd" }
  | { type: "file.written"; path: string; bytes: number; taskId?: string }
  | {
      type: "plan.created";
      /** One step plan per task that will run, in task order: shown on the task and added to its prompt, never to its description. */
      plans: { taskId: string; plan: string }[];
      /** Set when the planner's answer was unusable in whole or in part; the tasks it names run without a plan. */
      warning?: string;
    }
  | {
      type: "condition.checked";
      taskId: string;
      kind: "rule" | "jsonPath";
      passed: boolean;
      reason: string;
      /** The task whose output was judged, or null when there was none (the task is first). */
      against: string | null;
    }
  | {
      type: "delegation.started";
      /** The id of the delegating agent's tool call; the coworker's events carry it as their parentId. */
      delegationId: string;
      taskId: string;
      fromAgentId: string;
      toAgentId: string;
      kind: "delegate" | "ask";
      request: string;
      context: string;
      /** 1 for a delegation by the task's own agent (or manager), 2 when that coworker delegates in turn, and so on. */
      depth: number;
    }
  | {
      type: "delegation.finished";
      delegationId: string;
      taskId: string;
      fromAgentId: string;
      toAgentId: string;
      output: string;
      error?: string;
      durationMs: number;
    }
  | {
      type: "memory.retrieved";
      taskId: string;
      agentId: string | null;
      /** What was searched for (the task's text, shortened). */
      query: string;
      items: { id: string; kind: string; text: string; score: number; entity?: string }[];
    }
  | { type: "memory.saved"; taskId: string; agentId: string | null; items: { id: string; kind: string; text: string; entity?: string }[] }
  | {
      type: "knowledge.retrieved";
      taskId: string;
      agentId: string | null;
      query: string;
      /** "prompt": added before the task; "tool": found by the agent's search_knowledge call. */
      via: "prompt" | "tool";
      chunks: { chunkId: string; sourceId: string; source: string; text: string; score: number }[];
    }
  /** Memory or knowledge could not be read or written (quota, a closed database); the run goes on without it. */
  | {
      type: "memory.error";
      taskId: string;
      operation: "retrieve" | "save" | "knowledge";
      error: string;
      /** Set when the operation still succeeded, only less well (embeddings failed: searched or saved by words only). */
      degraded?: true;
    }
  | {
      type: "round.started";
      round: number;
      agents: string[];
      /** For each acting agent, the ids of the messages it reacts to in this round. */
      reactsTo?: Record<string, string[]>;
    }
  | {
      type: "message.published";
      messageId: string;
      round: number;
      from: string;
      cause: string;
      /** "all", or the ids of the agents it is addressed to. */
      to: "all" | string[];
      content: string;
    };

/** The agent id of the manager the engine generates for a hierarchical crew that names none ("Crew Manager"). */
export const MANAGER_AGENT_ID = "$manager";

/** Fields every event carries: which run, its place in the log, when, and what caused it. */
export interface EventBase {
  runId: string;
  seq: number;
  ts: number;
  /** The call or task this event happened inside, for nesting in consoles. */
  parentId?: string;
}

/** One entry of the append-only run log. */
export type RunEvent = RunEventBody & EventBase;

/** The type names of run events. */
export type RunEventType = RunEvent["type"];

/** Receives events as they happen (UI store, CLI printer, NDJSON writer, run history). */
export type EventListener = (event: RunEvent) => void;

/** Numbers events in order and stamps them; listeners that throw never break the run. */
export class EventLog {
  private seq = 0;
  readonly events: RunEvent[] = [];

  constructor(
    readonly runId: string,
    private readonly now: () => number,
    private readonly listeners: EventListener[] = [],
    private readonly keep = true,
  ) {}

  /** Appends an event and hands it to every listener; the body, always a fresh object, becomes the event. */
  emit(body: RunEventBody, parentId?: string): RunEvent {
    // Stamped in place, not copied: this runs for every streamed token, and every caller passes a new literal. The key
    // order (body, runId, seq, ts, parentId) is what a copy had.
    const event = body as RunEvent;
    event.runId = this.runId;
    event.seq = ++this.seq;
    event.ts = this.now();
    if (parentId) event.parentId = parentId;
    if (this.keep) this.events.push(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (a UI bug, a closed file) must not stop a run that is spending tokens.
      }
    }
    return event;
  }
}
