import type { TaskOutput, UsageReport } from "../../engine/events";
import type { ChatMessage, Usage } from "../../engine/ports";

/** The filter group a console row belongs to. */
export type ConsoleKind = "llm" | "tool" | "task" | "other";

/** Every filter group, in the order the filters list them. */
export const CONSOLE_KINDS: readonly ConsoleKind[] = ["llm", "tool", "task", "other"];

/** How a compact line reads: neutral, good news, a warning or an error. */
export type Tone = "info" | "ok" | "warn" | "danger";

/** Whether a model or tool call is still going, finished, or was cut off by the end of its task or run. */
export type CallState = "running" | "done" | "stopped";

/** Fields every console row has. */
export interface RowBase {
  /** Stable across updates: `llm:<callId>`, `tool:<toolCallId>` or `e:<seq>`. */
  key: string;
  /** Seq of the event that created the row. */
  seq: number;
  ts: number;
  kind: ConsoleKind;
  /** Key of the task section the row sits in, or null for run-level rows. */
  section: string | null;
  taskId: string | null;
  agentId: string | null;
  /** Key of the delegation row this row nests under: a coworker's steps sit inside the call that asked for them. */
  parent?: string;
}

/** One model call: its request, streamed tokens and response merged by callId. */
export interface LlmRow extends RowBase {
  type: "llm";
  callId: string;
  model: string;
  provider: string;
  messages: number;
  tools: number;
  /**
   * The request's messages not already shown by an earlier call of the same conversation, starting at index
   * `promptFrom` of the full request (0: the whole request is here).
   */
  prompt: readonly ChatMessage[];
  promptFrom: number;
  /** How many times the request was sent (retries add one each). */
  attempts: number;
  state: CallState;
  /** The response's content once it arrived, the streamed text until then. */
  content: string;
  toolCalls: readonly { name: string; arguments: string }[];
  usage: (Usage & { estimated: boolean }) | null;
  durationMs: number | null;
}

/** One tool call: tool.started and tool.finished merged by toolCallId. */
export interface ToolRow extends RowBase {
  type: "tool";
  toolCallId: string;
  tool: string;
  input: unknown;
  state: CallState;
  output: string | null;
  error: string | null;
  cacheHit: boolean;
  repeated: boolean;
  durationMs: number | null;
}

/** A task's accepted output (task.completed). */
export interface OutputRow extends RowBase {
  type: "output";
  output: TaskOutput;
}

/** A delegation or question to a coworker: the delegating agent's tool call, with the coworker's steps nested under it. */
export interface DelegationRow extends RowBase {
  type: "delegation";
  delegationId: string;
  /** The delegating agent (also the row's agentId) and the coworker. */
  from: string;
  to: string;
  delegation: "delegate" | "ask";
  request: string;
  context: string;
  depth: number;
  state: CallState;
  /** The coworker's answer once it came. */
  output: string | null;
  error: string | null;
  durationMs: number | null;
}

/** The crew's plan (plan.created): a step plan per task, and what went wrong with the planner's answer, if anything. */
export interface PlanRow extends RowBase {
  type: "plan";
  plans: readonly { taskId: string; plan: string }[];
  warning: string | null;
}

/** A compact one-line event (retries, waits, checks, files, rounds, messages), optionally with details to expand. */
export interface LineRow extends RowBase {
  type: "line";
  tone: Tone;
  text: string;
  detail?: string;
  /** Render the detail as Markdown (model-written text) rather than preformatted text. */
  markdown?: boolean;
  /** A heading between runs of rows (an environment round), not an event of its own. */
  heading?: boolean;
}

/** One entry of the console log. */
export type ConsoleRow = LlmRow | ToolRow | OutputRow | LineRow | DelegationRow | PlanRow;

/** A row with the rows nested under it (a delegation's coworker steps), for rendering. */
export interface ConsoleNode {
  row: ConsoleRow;
  children: ConsoleNode[];
}

/** One run of a task: from task.started to task.completed, failed or skipped. */
export interface ConsoleSection {
  key: string;
  taskId: string;
  agentId: string | null;
  attempt: number;
  state: "running" | "completed" | "failed" | "skipped" | "stopped";
  seq: number;
}

/** What run.started said. */
export interface RunHeader {
  runId: string;
  crew: string;
  process: string;
  inputs: Record<string, string>;
  tasks: readonly string[];
  ts: number;
}

/** How the run ended. */
export interface RunFooter {
  status: "completed" | "failed" | "cancelled";
  usage: UsageReport;
  durationMs: number;
  /** The error or the cancel reason. */
  message: string | null;
}

/** Everything the console shows, derived from the event log alone. */
export interface ConsoleModel {
  header: RunHeader | null;
  footer: RunFooter | null;
  sections: ReadonlyMap<string, ConsoleSection>;
  /** Rows in display order: each task section's rows together, sections and run-level rows in the order they began. */
  rows: readonly ConsoleRow[];
  /** Task and agent ids seen in the log, in order of appearance. */
  taskIds: readonly string[];
  agentIds: readonly string[];
  /** Model names called, in order of first call (for pricing). */
  models: readonly string[];
  /** How many events were folded. */
  events: number;
}

/** What the console shows: one task, one agent (null for all) and the kinds ticked. */
export interface ConsoleFilter {
  taskId: string | null;
  agentId: string | null;
  kinds: ReadonlySet<ConsoleKind>;
}

/** A run of consecutive rows to render together: a task section with its rows, or one run-level row. */
export type ConsoleBlock =
  | { type: "section"; key: string; section: ConsoleSection; rows: ConsoleRow[] }
  | { type: "row"; key: string; row: ConsoleRow };
