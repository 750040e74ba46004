import type { TaskOutput, UsageReport } from "../engine/events";

/** What a node on the canvas shows about a run. */
export type NodeStatus = "idle" | "queued" | "running" | "waiting" | "done" | "error" | "skipped" | "cancelled";

/** A node's state in the run: its status and, while it works, what it is doing. */
export interface NodeRunState {
  status: NodeStatus;
  /** A short line such as "thinking", "calling calculator", "writing the answer", "rate limit: 12 s". */
  activity?: string;
  /** Text streamed by the model for the node's current call (agents and tasks), capped to the last few thousand characters. */
  streamed?: string;
  error?: string;
}

/** One span on the timeline: a task, a model call or a tool call, with when it started and ended. */
export interface Span {
  id: string;
  kind: "task" | "llm" | "tool";
  /** Lane: the agent it ran for (or the task id for tasks without an agent). */
  lane: string;
  taskId?: string;
  label: string;
  start: number;
  end?: number;
  tokens?: number;
  error?: boolean;
  /** Set on the calls a coworker made for a delegation (or question): the delegation's id. */
  delegationId?: string;
}

/** Tokens and requests spent with one model. */
export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
  requests: number;
}

/** Usage by model name, so cost can be priced per model. */
export type UsageByModel = Record<string, ModelUsage>;

/** Everything the UI shows about one run, folded from its events alone (live and replay alike). */
export interface RunView {
  runId: string;
  /** "interrupted": a saved run whose tab closed before it ended. */
  status: "running" | "completed" | "failed" | "cancelled" | "interrupted";
  startedAt: number;
  endedAt?: number;
  /** By node id: tasks, agents and tools. Nodes not mentioned are idle. */
  nodes: Record<string, NodeRunState>;
  /**
   * Edge ids (as derived on the canvas) that are active now: `performs:task:agent`, `context:from:to`, `uses:tool:node`;
   * `delegates:from:to` while a delegation is open and `delegates:to:from` from its answer until the delegating agent's
   * next event; `watches:watcher:watched` while a round runs, for the messages each actor reacts to.
   */
  activeEdges: string[];
  outputs: Record<string, TaskOutput>;
  usage: UsageReport;
  spans: Span[];
  /** Seq of the last event folded. */
  seq: number;
  error?: string;
  /** Environment process: the current round. */
  round?: number;
  /** True between run.paused and run.resumed. */
  paused: boolean;
  /** Usage by node (task and agent ids) and model; the run's own is under RUN_USAGE_KEY. */
  nodeUsage: Record<string, UsageByModel>;
  /** Set when this run is a fork: the run its earlier outputs came from, and the task it re-ran from. */
  forkOf?: { runId: string; taskId: string };
  /** Hierarchical runs: who manages the crew (agentId is MANAGER_AGENT_ID for a generated manager). */
  manager?: { agentId: string; role: string; generated: boolean };
  /** Delegations and questions between agents, in the order they started; an open one has no `end`. */
  delegations: DelegationView[];
  /** Planning: the step plan of each task, by task id. */
  plans: Record<string, string>;
  /** Conditional tasks: the verdict, by task id. */
  conditions: Record<string, { passed: boolean; reason: string; kind: "rule" | "jsonPath" }>;
  /** Environment process: each round, who acted in it, and when it started and ended. */
  rounds: RoundView[];
  /** Environment process: the messages published so far, in order. */
  messages: MessageView[];
}

/** One delegation (or question) from an agent to a coworker, as the canvas and console show it. */
export interface DelegationView {
  id: string;
  taskId: string;
  from: string;
  to: string;
  kind: "delegate" | "ask";
  depth: number;
  request: string;
  start: number;
  end?: number;
  output?: string;
  error?: string;
}

/**
 * One round of an environment run: the agents that acted, each with the ids of the messages it reacted to (from the
 * event, else worked out from the watch lists the way the engine picks them).
 */
export interface RoundView {
  round: number;
  agents: string[];
  reactsTo?: Record<string, string[]>;
  start: number;
  end?: number;
}

/** A message published to the environment: who sent it, what produced it, in which round. */
export interface MessageView {
  id: string;
  round: number;
  from: string;
  cause: string;
  content: string;
  ts: number;
  /** The agents it was addressed to; absent when it went to everyone. */
  to?: string[];
}

/** Key of the whole run's usage by model in RunView.nodeUsage. */
export const RUN_USAGE_KEY = "$run";
