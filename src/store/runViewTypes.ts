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
  /** Edge ids (as derived on the canvas: `performs:task:agent`, `context:from:to`, `uses:tool:node`) that are active now. */
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
}

/** Key of the whole run's usage by model in RunView.nodeUsage. */
export const RUN_USAGE_KEY = "$run";
