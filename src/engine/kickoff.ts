import { type Crew, type Problem, validateCrew } from "../model";
import { ProtocolMemo } from "./agentLoop";
import { type CostLimit, CostMeter } from "./costBudget";
import { runEnvironment } from "./environment";
import { type EventListener, EventLog, type RunEvent, type TaskOutput, type UsageReport } from "./events";
import { crewManager } from "./hierarchical";
import { fillPlaceholders, missingInputs, resolveInputs } from "./interpolate";
import { RpmLimiter, Semaphore } from "./limits";
import { BudgetExceededError, type CallEnv } from "./modelCall";
import type { PauseSwitch } from "./pause";
import {
  autoApprove,
  type Clock,
  type HumanInput,
  type KnowledgeBase,
  type MemoryStore,
  noMemory,
  type ResolveLlm,
  type RunFiles,
  systemClock,
  type ToolHost,
} from "./ports";
import { runTasks } from "./process";
import type { RunContext } from "./taskRunner";
import { ToolCache } from "./toolCache";
import { sumUsage, UsageMeter } from "./usage";

/** The ports and knobs of a run. Only the model resolver, the tool host and a file space are required. */
export interface KickoffOptions {
  resolveLlm: ResolveLlm;
  host: ToolHost;
  /** A fresh file space for this run (each kickoffForEach copy gets its own from `files()`). */
  files: () => RunFiles;
  memory?: MemoryStore;
  /** The crew's documents (knowledge sources), searched before each task and by the search_knowledge tool. */
  knowledge?: KnowledgeBase;
  human?: HumanInput;
  clock?: Clock;
  newId?: () => string;
  random?: () => number;
  signal?: AbortSignal;
  onEvent?: EventListener;
  retry?: CallEnv["retry"];
  /** Stops the run before a request that would take its spending over `usd`, priced by the caller's table. */
  costLimit?: CostLimit;
  /** Lets the caller pause the run between steps and resume it. */
  pause?: PauseSwitch;
  /** A fork: these tasks are not run again; their outputs (from run `fromRunId`) are restored as they were. */
  restore?: { fromRunId: string; taskId: string; outputs: TaskOutput[] };
}

/** How a run ended, with every task's output, the usage and the full event log. */
export interface CrewResult {
  runId: string;
  status: "completed" | "failed" | "cancelled";
  raw: string;
  tasks: TaskOutput[];
  usage: UsageReport;
  durationMs: number;
  events: RunEvent[];
  files: RunFiles;
  error?: string;
}

/** Thrown before anything is sent when a crew cannot run: graph problems or missing inputs, each with its path. */
export class CrewInvalidError extends Error {
  override readonly name = "CrewInvalidError";
  constructor(readonly problems: Problem[]) {
    super(`crew cannot run:\n${problems.map((p) => `  ${p.path.join(".") || "$"}: ${p.message}`).join("\n")}`);
  }
}

// Unique within the process by the counter and across processes by the prefix, which is built once: ids are made
// several times per model call.
const idPrefix = `id-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}-`;
let fallbackIds = 0;
const defaultId = () => idPrefix + (++fallbackIds).toString(36);

/** Checks that a crew can run with these inputs (and restored outputs, for a fork); returns the problems (empty when it can). */
export function preflight(crew: Crew, inputs: Record<string, string>, restore?: KickoffOptions["restore"]): Problem[] {
  const problems = validateCrew(crew);
  if (restore) problems.push(...forkProblems(crew, restore));
  for (const m of missingInputs(crew, inputs))
    problems.push({
      path: ["inputs", m.name],
      message: `no value for {${m.name}} (used in ${m.where})`,
      level: "run",
      code: "missing-input",
      ids: [],
    });
  return problems;
}

/** Runs a crew once. Rejects only when the crew cannot start (CrewInvalidError); a failed or cancelled run resolves with its status. */
export async function kickoff(crew: Crew, given: Record<string, string>, options: KickoffOptions): Promise<CrewResult> {
  const inputs = resolveInputs(crew, given);
  const problems = preflight(crew, inputs, options.restore);
  if (problems.length) throw new CrewInvalidError(problems);
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? defaultId;
  const runId = newId();
  const log = new EventLog(runId, clock.now, options.onEvent ? [options.onEvent] : []);
  const started = clock.now();
  // Outputs of tasks that finished, kept even when the run fails or is cancelled, so no paid-for work is lost.
  const finished = new Map<string, TaskOutput>();
  const partial = () => crew.tasks.map((t) => finished.get(t.id)).filter((o): o is TaskOutput => o !== undefined);
  const meter = new UsageMeter();
  const internal = new AbortController();
  const userSignal = options.signal;
  const onUserAbort = () => internal.abort(userSignal?.reason ?? new Error("cancelled"));
  userSignal?.addEventListener("abort", onUserAbort, { once: true });
  if (userSignal?.aborted) onUserAbort();
  const settings = crew.settings;
  const env: CallEnv = {
    log,
    clock,
    meter,
    inFlight: new Semaphore(settings.concurrency),
    ...(settings.maxRpm ? { crewLimiter: new RpmLimiter(settings.maxRpm, clock) } : {}),
    ...(settings.tokenBudget ? { tokenBudget: settings.tokenBudget } : {}),
    ...(options.costLimit ? { cost: new CostMeter(options.costLimit) } : {}),
    newId,
    random: options.random ?? Math.random,
    retry: options.retry ?? { attempts: 4, baseMs: 500, maxMs: 20_000 },
    ...(options.pause ? { pause: options.pause } : {}),
    logged: new WeakMap(),
  };
  const files = options.files();
  const ctx: RunContext = {
    runId,
    crew,
    inputs,
    env,
    resolveLlm: options.resolveLlm,
    host: options.host,
    files,
    cache: settings.cache ? new ToolCache() : null,
    memory: options.memory ?? noMemory,
    ...(options.knowledge ? { knowledge: options.knowledge } : {}),
    human: options.human ?? autoApprove,
    signal: internal.signal,
    protocol: new ProtocolMemo(),
    agentLimiters: new Map(),
    ...(crew.process === "hierarchical" ? { manager: crewManager(crew) } : {}),
  };
  const restore = options.restore;
  const manager = ctx.manager;
  log.emit({
    type: "run.started",
    crew: crew.name,
    process: crew.process,
    inputs,
    tasks: crew.tasks.map((t) => t.id),
    ...(restore ? { forkOf: { runId: restore.fromRunId, taskId: restore.taskId } } : {}),
    ...(manager
      ? { manager: { agentId: manager.agent.id, role: fillPlaceholders(manager.agent.role, inputs), generated: manager.generated } }
      : {}),
  });
  // Pausing is a fact of the run: it goes in the log, so replays and history show it too.
  const unsubscribe = options.pause?.subscribe((paused) => log.emit({ type: paused ? "run.paused" : "run.resumed" }));
  if (options.pause?.isPaused) log.emit({ type: "run.paused" });
  const finish = (status: CrewResult["status"], raw: string, tasks: TaskOutput[], error?: string): CrewResult => {
    unsubscribe?.();
    userSignal?.removeEventListener("abort", onUserAbort);
    return {
      runId,
      status,
      raw,
      tasks,
      usage: { ...meter.total },
      durationMs: clock.now() - started,
      events: log.events,
      files,
      ...(error ? { error } : {}),
    };
  };
  try {
    const abortRest = (reason: Error) => internal.abort(reason);
    let raw: string;
    let tasks: TaskOutput[];
    if (crew.process === "environment") {
      const room = await runEnvironment(ctx, abortRest, finished);
      tasks = partial();
      // A conversation's result is the conversation: every turn, in order, with who said it.
      raw = room.messages
        .filter((m) => m.from !== "user")
        .map((m) => `[round ${m.round}] ${crew.agents.find((a) => a.id === m.from)?.role.trim() || m.from}: ${m.content.trim()}`)
        .join("\n\n");
    } else {
      await runTasks(ctx, abortRest, finished, restore);
      tasks = partial();
      // As in CrewAI, the crew's answer is the last task output that says something.
      raw = [...tasks].reverse().find((t) => t.raw.trim())?.raw ?? "";
    }
    log.emit({ type: "run.completed", output: raw, tasks, usage: { ...meter.total }, durationMs: clock.now() - started });
    return finish("completed", raw, tasks);
  } catch (error) {
    const durationMs = clock.now() - started;
    if (userSignal?.aborted) {
      const reason = userSignal.reason instanceof Error ? userSignal.reason.message : String(userSignal.reason ?? "cancelled");
      log.emit({ type: "run.cancelled", reason, usage: { ...meter.total }, durationMs });
      return finish("cancelled", "", partial(), reason);
    }
    const message = error instanceof BudgetExceededError ? error.message : (error as Error).message;
    log.emit({ type: "run.failed", error: message, usage: { ...meter.total }, durationMs });
    return finish("failed", "", partial(), message);
  }
}

function forkProblems(crew: Crew, restore: NonNullable<KickoffOptions["restore"]>): Problem[] {
  const problem = (message: string): Problem => ({ path: ["tasks"], message, level: "run", code: "fork", ids: [restore.taskId] });
  if (crew.process !== "sequential")
    return [problem(`forking re-runs tasks in order, so it needs a sequential crew; this one is ${crew.process}`)];
  const at = crew.tasks.findIndex((t) => t.id === restore.taskId);
  if (at < 0) return [problem(`cannot fork from task "${restore.taskId}": the crew has no such task now`)];
  const saved = new Set(restore.outputs.map((o) => o.taskId));
  const missing = crew.tasks.slice(0, at).filter((t) => !saved.has(t.id));
  return missing.length
    ? [
        problem(
          `cannot fork from task "${restore.taskId}": run ${restore.fromRunId} has no output for ${missing.map((t) => `"${t.id}"`).join(", ")}, which runs before it`,
        ),
      ]
    : [];
}

/** Runs the crew once per inputs set on isolated copies, at most `concurrency` at a time, and sums their usage. */
export async function kickoffForEach(
  crew: Crew,
  inputsList: Record<string, string>[],
  options: KickoffOptions & { concurrency?: number },
): Promise<{ results: CrewResult[]; usage: UsageReport }> {
  // Every inputs set is checked first: rejecting halfway would leave the runs already started going unseen.
  for (const given of inputsList) {
    const problems = preflight(crew, resolveInputs(crew, given));
    if (problems.length) throw new CrewInvalidError(problems);
  }
  const results: CrewResult[] = new Array(inputsList.length);
  let next = 0;
  const worker = async () => {
    while (next < inputsList.length) {
      const i = next++;
      results[i] = await kickoff(structuredClone(crew), inputsList[i] ?? {}, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, inputsList.length)) }, worker));
  return { results, usage: sumUsage(results.map((r) => r.usage)) };
}
