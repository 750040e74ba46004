import { type Agent, type Crew, type Task, taskTitle } from "../model";
import { type AgentRun, type ProtocolMemo, runAgent } from "./agentLoop";
import { type AgentModel, agentLimiter, modelFor, modelOptions, toolsFor } from "./agentSetup";
import { followRun, releaseAttempt, startTimeLimit } from "./attemptSignals";
import { delegationTools } from "./delegation";
import type { TaskOutput } from "./events";
import { DELEGATE_FIRST, type Manager, managerNote, workersOf } from "./hierarchical";
import { fillAgent, fillTask } from "./interpolate";
import { knowledgeForTools, lookUp } from "./knowledge";
import type { RpmLimiter } from "./limits";
import { memoryOn, recall, remember } from "./memoryRecall";
import { type CallEnv, callModel } from "./modelCall";
import type { HumanInput, KnowledgeBase, MemoryStore, ResolveLlm, RunFiles, ToolContext, ToolHost } from "./ports";
import type { PromptParts } from "./prompts";
import { parseLooseJson } from "./react";
import { checkStructured } from "./structured";
import type { ToolCache } from "./toolCache";

/** What every task of one run shares. */
export interface RunContext {
  runId: string;
  crew: Crew;
  inputs: Record<string, string>;
  env: CallEnv;
  resolveLlm: ResolveLlm;
  host: ToolHost;
  files: RunFiles;
  cache: ToolCache | null;
  memory: MemoryStore;
  /** The crew's documents; absent when it has none. */
  knowledge?: KnowledgeBase;
  human: HumanInput;
  signal: AbortSignal;
  protocol: ProtocolMemo;
  agentLimiters: Map<string, RpmLimiter>;
  /** Hierarchical runs: the manager, who executes every task by delegating it. */
  manager?: Manager;
  /** Step plans by task id, when the crew planned before its first task (planning.ts). */
  plans?: ReadonlyMap<string, string>;
}

/** Thrown when a task cannot produce an acceptable output; names the task. */
export class TaskFailedError extends Error {
  override readonly name = "TaskFailedError";
  constructor(
    readonly taskId: string,
    message: string,
  ) {
    super(`task "${taskId}": ${message}`);
  }
}

const STRUCTURED_RETRIES = 2;
const HUMAN_ROUNDS = 10;

/**
 * Runs one task to an accepted output: the agent loop, then the output schema, the guardrail and human review,
 * each of which can send the task round again with the original context plus what was wrong.
 */
export async function runTask(ctx: RunContext, task: Task, context: { title: string; raw: string }[]): Promise<TaskOutput> {
  const filled = fillTask(task, ctx.inputs);
  const manager = ctx.manager;
  const rawAgent = manager ? manager.agent : task.agent ? ctx.crew.agents.find((a) => a.id === task.agent) : undefined;
  const agent = rawAgent ? fillAgent(rawAgent, ctx.inputs) : null;
  const agentId = agent?.id ?? null;
  const { provider, model, config } = modelFor(ctx, agent?.llm);
  const toolIds = task.tools.length > 0 ? task.tools : (rawAgent?.tools ?? []);
  // A manager has no tools of its own: the task's tools go to whoever it delegates the work to.
  const tools = manager ? [] : toolsFor(ctx, toolIds);
  const team = agent ? teamOf(ctx, task, agent) : undefined;
  const query = `${filled.description}\n${filled.expectedOutput}`.trim();
  const withMemory = memoryOn(ctx, agent);
  const [memories, knowledge] =
    withMemory || ctx.knowledge
      ? await Promise.all([withMemory ? recall(ctx, task.id, agentId, query) : [], lookUp(ctx, task.id, agentId, query)])
      : [[], []];
  const lessons: string[] = [];
  const parts: PromptParts = {
    agent,
    task: filled,
    context,
    ...(task.outputSchema ? { schemaInstruction: task.outputSchema } : {}),
    ...(memories.length ? { memories } : {}),
    ...(knowledge.length ? { knowledge } : {}),
    ...(manager && team ? { delegationNote: managerNote(team.coworkers) } : {}),
    ...(ctx.plans?.has(task.id) ? { plan: ctx.plans.get(task.id) } : {}),
  };

  let retryNote: string | undefined;
  let structuredFailures = 0;
  let guardFailures = 0;
  let humanRounds = 0;
  for (let attempt = 1; ; attempt++) {
    await ctx.env.pause?.checkpoint(ctx.signal);
    ctx.env.log.emit({ type: "task.started", taskId: task.id, agentId, attempt, context: context.map((c) => c.title) }, task.id);
    const raw = await attemptOnce(
      ctx,
      task,
      agent,
      { ...parts, ...(retryNote ? { retryNote } : {}) },
      { provider, model, config, tools, ...(team ? { team } : {}) },
    );
    let json: unknown;
    if (task.outputSchema) {
      const checked = checkStructured(raw, task.outputSchema);
      if (!checked.ok) {
        ctx.env.log.emit({ type: "output.invalid", taskId: task.id, errors: checked.errors, attempt }, task.id);
        if (++structuredFailures > STRUCTURED_RETRIES)
          throw new TaskFailedError(task.id, `the output did not match its schema after ${STRUCTURED_RETRIES} retries: ${checked.errors}`);
        retryNote = `Your previous answer did not match the required JSON Schema (${checked.errors}). Previous answer:\n${raw}`;
        continue;
      }
      json = checked.json;
    }
    if (task.guardrail) {
      const verdict = await checkGuardrail(ctx, task, raw, provider, model, agentId);
      ctx.env.log.emit({ type: "guardrail.result", taskId: task.id, passed: verdict.pass, reason: verdict.reason, attempt }, task.id);
      if (!verdict.pass) {
        lessons.push(`An answer was rejected for not meeting "${task.guardrail.rule}": ${verdict.reason}`);
        if (++guardFailures > task.guardrail.maxRetries)
          throw new TaskFailedError(task.id, `guardrail still failing after ${task.guardrail.maxRetries} retries: ${verdict.reason}`);
        retryNote = `A previous answer was rejected because it does not meet this rule: "${task.guardrail.rule}". Reason: ${verdict.reason}\nPrevious answer:\n${raw}`;
        continue;
      }
    }
    if (task.humanInput && humanRounds < HUMAN_ROUNDS) {
      humanRounds++;
      ctx.env.log.emit({ type: "human.waiting", taskId: task.id }, task.id);
      const verdict = await ctx.human.review({ runId: ctx.runId, task, output: raw, signal: ctx.signal });
      ctx.env.log.emit(
        { type: "human.verdict", taskId: task.id, approved: verdict.approved, ...(verdict.approved ? {} : { feedback: verdict.feedback }) },
        task.id,
      );
      if (!verdict.approved) {
        lessons.push(`A reviewer asked for changes: ${verdict.feedback}`);
        retryNote = `A reviewer sent your previous answer back with this feedback: ${verdict.feedback}\nPrevious answer:\n${raw}`;
        continue;
      }
    }
    if (filled.outputFile) {
      ctx.files.write(filled.outputFile, raw);
      ctx.env.log.emit(
        { type: "file.written", path: filled.outputFile, bytes: new TextEncoder().encode(raw).length, taskId: task.id },
        task.id,
      );
    }
    if (withMemory) await remember(ctx, { taskId: task.id, agentId, title: taskTitle(task), raw, lessons });
    return { taskId: task.id, agentId, raw, ...(json !== undefined ? { json } : {}), usage: ctx.env.meter.task(task.id) };
  }
}

/** Whom the task's agent may delegate to, and the agents those coworkers may delegate to in turn. */
type Team = { coworkers: Agent[]; pool: Agent[]; taskTools: Crew["tools"] };

type Model = AgentModel & { tools: Crew["tools"]; team?: Team };

/**
 * A hierarchical manager delegates to the task's agent when it has one, else to every worker. In a sequential crew an
 * agent with allowDelegation may delegate to every other agent. Otherwise nobody delegates.
 */
function teamOf(ctx: RunContext, task: Task, agent: Agent): Team | undefined {
  const fill = (list: Agent[]) => list.map((a) => fillAgent(a, ctx.inputs));
  if (ctx.manager) {
    const workers = fill(workersOf(ctx.crew, ctx.manager));
    const own = workers.filter((a) => a.id === task.agent);
    return { coworkers: own.length ? own : workers, pool: workers, taskTools: toolsFor(ctx, task.tools) };
  }
  if (ctx.crew.process !== "sequential" || !agent.allowDelegation) return undefined;
  const others = fill(ctx.crew.agents.filter((a) => a.id !== agent.id));
  return others.length ? { coworkers: others, pool: fill(ctx.crew.agents), taskTools: [] } : undefined;
}

/** One pass of the agent loop, bounded by the agent's maxExecutionTime (which aborts the request in flight). */
async function attemptOnce(ctx: RunContext, task: Task, agent: Agent | null, parts: PromptParts, m: Model): Promise<string> {
  const limit = agent?.maxExecutionTime;
  const attempt = followRun(ctx.signal);
  const signal = attempt.signal;
  // Only a limited agent pays for a timer: a clock wait and an AbortController to end it, ~15 µs per attempt.
  const timer = limit ? startTimeLimit(ctx.env, limit, attempt) : undefined;
  try {
    const knowledge = knowledgeForTools(ctx, task.id, agent?.id ?? null);
    // Built field by field rather than with conditional spreads: this runs once per task, and every spread of a small
    // object is a copy Node 20 makes slowly.
    const toolContext: ToolContext = { runId: ctx.runId, signal, files: ctx.files };
    if (knowledge) toolContext.knowledge = knowledge;
    const engineTools =
      agent && m.team ? delegationTools({ ctx, taskId: task.id, from: agent, ...m.team, depth: 1, signal, toolContext }) : undefined;
    const caller: AgentRun["caller"] = { taskId: task.id, agentId: agent?.id ?? null };
    const limiter = agent ? agentLimiter(ctx, agent) : undefined;
    if (limiter) caller.limiter = limiter;
    const { provider, model, options, nativeTools } = modelOptions(m);
    const run: AgentRun = {
      env: ctx.env,
      caller,
      provider,
      model,
      options,
      nativeTools,
      parts,
      tools: m.tools,
      host: ctx.host,
      toolContext,
      cache: ctx.cache,
      maxIter: agent?.maxIter ?? 25,
      signal,
      protocol: ctx.protocol,
    };
    if (task.outputSchema && m.tools.length === 0 && !engineTools)
      run.responseFormat = { type: "json_schema", name: "task_output", schema: task.outputSchema };
    if (engineTools) {
      run.engineTools = engineTools;
      if (ctx.manager) run.actFirst = DELEGATE_FIRST;
    }
    return await runAgent(run);
  } catch (error) {
    if (timer?.timedOut && !ctx.signal.aborted)
      throw new TaskFailedError(task.id, `agent "${agent?.id}" hit its time limit of ${limit} s; the request in flight was cancelled`);
    throw error;
  } finally {
    timer?.stop();
    releaseAttempt(ctx.signal, attempt);
  }
}

/** Asks the model whether an output meets the task's plain-language rule. Provider errors propagate; they are not verdicts. */
async function checkGuardrail(
  ctx: RunContext,
  task: Task,
  raw: string,
  provider: Model["provider"],
  model: string,
  agentId: string | null,
): Promise<{ pass: boolean; reason: string }> {
  const rule = task.guardrail?.rule ?? "";
  const schema = { type: "object", properties: { pass: { type: "boolean" }, reason: { type: "string" } }, required: ["pass", "reason"] };
  const response = await callModel(ctx.env, { taskId: task.id, agentId }, provider, {
    model,
    signal: ctx.signal,
    temperature: 0,
    responseFormat: { type: "json_schema", name: "guardrail_verdict", schema },
    messages: [
      {
        role: "system",
        content: 'You check whether a text meets a rule. Reply with only JSON: {"pass": true or false, "reason": "one sentence"}.',
      },
      { role: "user", content: `Rule: ${rule}\n\nText:\n${raw}` },
    ],
  });
  const verdict = parseLooseJson(response.content) as { pass?: unknown; reason?: unknown };
  if (typeof verdict !== "object" || verdict === null || typeof verdict.pass !== "boolean") {
    const lowered = response.content.toLowerCase();
    const pass = /\b(pass|yes|true)\b/.test(lowered) && !/\b(fail|no|false)\b/.test(lowered);
    return { pass, reason: response.content.trim().slice(0, 300) || "the checker gave no reason" };
  }
  return { pass: verdict.pass, reason: typeof verdict.reason === "string" ? verdict.reason : "" };
}
