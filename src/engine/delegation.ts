import type { Agent, Tool } from "../model";
import { type EngineTools, runAgent } from "./agentLoop";
import { agentLimiter, modelFor, modelOptions, toolsFor } from "./agentSetup";
import { BudgetExceededError } from "./modelCall";
import type { ToolContext, ToolSpec } from "./ports";
import type { RunContext } from "./taskRunner";

/** Native name of the tool that hands work to a coworker (CrewAI: "Delegate work to coworker"). */
export const DELEGATE_WORK = "delegate_work_to_coworker";
/** Native name of the tool that asks a coworker a question (CrewAI: "Ask question to coworker"). */
export const ASK_QUESTION = "ask_question_to_coworker";

/** Who delegates to whom, how deep, and inside what: everything the delegation tools of one agent loop need. */
export interface DelegationScope {
  ctx: RunContext;
  taskId: string;
  /** The delegating agent (texts filled with the run's inputs). */
  from: Agent;
  /** The agents it may hand work to. */
  coworkers: Agent[];
  /** The agents a coworker may in turn delegate to (itself excluded), when its own allowDelegation is set. */
  pool: Agent[];
  /** The depth a delegation made here has: 1 for the task's own agent or the manager. */
  depth: number;
  /** The delegation this loop runs inside, when it is a coworker's loop. */
  parentId?: string;
  signal: AbortSignal;
  toolContext: ToolContext;
  /** Tools a coworker works with instead of its own: a hierarchical task's tools, for the manager's coworkers. */
  taskTools?: Tool[];
}

type Kind = "delegate" | "ask";

/**
 * The two delegation tools for one agent loop, or undefined when there is nobody to delegate to. Past the crew's
 * depth limit the tools are not offered, and a call that names them anyway is told the limit is reached.
 */
export function delegationTools(scope: DelegationScope): EngineTools | undefined {
  if (scope.coworkers.length === 0) return undefined;
  const limit = scope.ctx.crew.settings.delegationDepth ?? 3;
  if (scope.depth > limit) {
    const reason = `Error: delegation is limited to ${limit} level${limit === 1 ? "" : "s"} in this crew and that limit is reached here; do the work yourself and give your answer.`;
    return {
      specs: [],
      invoke: async () => ({ output: reason, error: "delegation depth limit" }),
      refused: { names: [DELEGATE_WORK, ASK_QUESTION], reason },
    };
  }
  return {
    specs: toolSpecs(scope.coworkers),
    invoke: (name, args, toolCallId) => delegate(scope, name === ASK_QUESTION ? "ask" : "delegate", args, toolCallId),
  };
}

/** The model-facing descriptions; arguments as in CrewAI (task or question, context, coworker). */
function toolSpecs(coworkers: readonly Agent[]): ToolSpec[] {
  const roles = [...new Set(coworkers.map(roleOf))];
  const list = roles.map((r) => `"${r}"`).join(", ");
  const blind = "They know nothing about your work except what you pass here, so put everything they need in the context.";
  const params = (first: "task" | "question", what: string) => ({
    type: "object",
    properties: {
      [first]: { type: "string", description: what },
      context: { type: "string", description: "All the background, facts and constraints the coworker needs" },
      coworker: { type: "string", description: "The role of the coworker", enum: roles },
    },
    required: [first, "context", "coworker"],
  });
  return [
    {
      name: DELEGATE_WORK,
      description: `Hand a piece of work to a coworker, who does it and returns the result. Coworkers: ${list}. ${blind}`,
      parameters: params("task", "The work to do, stated completely"),
    },
    {
      name: ASK_QUESTION,
      description: `Ask a coworker a question and get their answer. Coworkers: ${list}. ${blind}`,
      parameters: params("question", "The question to answer"),
    },
  ];
}

async function delegate(scope: DelegationScope, kind: Kind, args: Record<string, unknown>, delegationId: string) {
  const first = kind === "ask" ? "question" : "task";
  const request = argText(args[first] ?? args[kind === "ask" ? "task" : "question"]);
  const roles = scope.coworkers.map((a) => `"${roleOf(a)}"`).join(", ");
  if (!request) return { output: `Error: say what you need in "${first}".`, error: `no ${first}` };
  const wanted = argText(args.coworker);
  const coworker = findCoworker(scope.coworkers, wanted);
  if (!coworker)
    return {
      output: wanted
        ? `Error: there is no coworker "${wanted}". Choose one of: ${roles}.`
        : `Error: name the coworker in "coworker": one of ${roles}.`,
      error: "unknown coworker",
    };
  return runCoworker(scope, coworker, kind, request, argText(args.context), delegationId);
}

/** The coworker's full agent loop on an ad-hoc task; its answer, or what went wrong, is the delegator's observation. */
async function runCoworker(scope: DelegationScope, coworker: Agent, kind: Kind, request: string, context: string, delegationId: string) {
  const { ctx, taskId, from } = scope;
  const log = ctx.env.log;
  const started = ctx.env.clock.now();
  const parent = scope.parentId ?? taskId;
  const ids = { delegationId, taskId, fromAgentId: from.id, toAgentId: coworker.id };
  log.emit({ type: "delegation.started", ...ids, kind, request, context, depth: scope.depth }, parent);
  const finished = (output: string, error?: string) =>
    log.emit(
      { type: "delegation.finished", ...ids, output, ...(error ? { error } : {}), durationMs: ctx.env.clock.now() - started },
      parent,
    );
  const timer = coworker.maxExecutionTime ? timeLimit(ctx, scope.signal, coworker.maxExecutionTime) : undefined;
  const signal = timer?.signal ?? scope.signal;
  const nested = coworker.allowDelegation
    ? delegationTools({
        ...scope,
        from: coworker,
        coworkers: scope.pool.filter((a) => a.id !== coworker.id),
        depth: scope.depth + 1,
        parentId: delegationId,
        signal,
        toolContext: { ...scope.toolContext, signal },
        taskTools: undefined,
      })
    : undefined;
  try {
    const answer = await runAgent({
      env: ctx.env,
      caller: { taskId, agentId: coworker.id, parentId: delegationId, ...optional("limiter", agentLimiter(ctx, coworker)) },
      ...modelOptions(modelFor(ctx, coworker.llm)),
      parts: {
        agent: coworker,
        task: { description: request, expectedOutput: EXPECTED[kind] },
        context: context ? [{ title: `From ${roleOf(from)}`, raw: context }] : [],
        contextHeading: "What your coworker told you",
      },
      tools: scope.depth === 1 && scope.taskTools?.length ? scope.taskTools : toolsFor(ctx, coworker.tools),
      host: ctx.host,
      toolContext: { ...scope.toolContext, signal },
      cache: ctx.cache,
      maxIter: coworker.maxIter,
      signal,
      protocol: ctx.protocol,
      ...optional("engineTools", nested),
    });
    finished(answer);
    return { output: answer };
  } catch (error) {
    const timedOut = timer?.timedOut() && !scope.signal.aborted;
    const message = timedOut ? `hit its time limit of ${coworker.maxExecutionTime} s` : (error as Error).message;
    finished("", message);
    // A stopped run and a spent budget end the run; anything else is the coworker's failure, for the delegator to handle.
    if (!timedOut && (scope.signal.aborted || error instanceof BudgetExceededError)) throw error;
    return { output: `Error: your coworker "${roleOf(coworker)}" could not answer: ${message}`, error: message };
  } finally {
    timer?.stop();
  }
}

const EXPECTED: Record<Kind, string> = {
  delegate: "Your best answer to your coworker: the complete result of the work they asked for, using the context they shared.",
  ask: "Your best answer to your coworker's question, using the context they shared.",
};

/** Finds a coworker by role, ignoring case, spacing and quotes (or by agent id); with only one coworker, a blank name means it. */
export function findCoworker(coworkers: readonly Agent[], wanted: string): Agent | undefined {
  const key = norm(wanted);
  if (!key) return coworkers.length === 1 ? coworkers[0] : undefined;
  return coworkers.find((a) => norm(a.role) === key) ?? coworkers.find((a) => a.id === wanted.trim() || norm(a.id) === key);
}

function norm(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/["'`\u2018\u2019\u201c\u201d]/g, "")
    .replace(/\s+/g, " ")
    .replace(/[\s.:;,]+$/, "")
    .trim();
}

function roleOf(agent: Agent): string {
  return agent.role.trim() || agent.id;
}

/** An argument as text: models sometimes send {"description": "…"} or a number where a string belongs. */
function argText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "object" && typeof (value as { description?: unknown }).description === "string")
    return ((value as { description: string }).description ?? "").trim();
  return JSON.stringify(value);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The coworker's own time limit: a signal that follows the delegator's and also aborts when the time is up. */
function timeLimit(ctx: RunContext, outer: AbortSignal, seconds: number) {
  const inner = new AbortController();
  const stopWait = new AbortController();
  let timedOut = false;
  const follow = () => inner.abort(outer.reason);
  if (outer.aborted) follow();
  else outer.addEventListener("abort", follow, { once: true });
  ctx.env.clock.sleep(seconds * 1000, stopWait.signal).then(
    () => {
      timedOut = true;
      inner.abort(new Error(`time limit of ${seconds} s reached`));
    },
    () => undefined,
  );
  return {
    signal: inner.signal,
    timedOut: () => timedOut,
    stop: () => {
      outer.removeEventListener("abort", follow);
      stopWait.abort(new Error("delegation finished"));
    },
  };
}
