import { type Task, taskTitle } from "../model";
import { checkCondition, skippedOutput } from "./conditions";
import type { TaskOutput } from "./events";
import { planTasks } from "./planning";
import { abortError } from "./ports";
import { type RunContext, runTask } from "./taskRunner";

type Context = { title: string; raw: string }[];

/**
 * Runs tasks and returns their outputs by id. The first failure aborts the rest (through `abortRest`) and is rethrown
 * once everything in flight has settled, so no task runs twice and no promise is left unhandled.
 */
export async function runTasks(
  crewCtx: RunContext,
  abortRest: (reason: Error) => void,
  outputs: Map<string, TaskOutput> = new Map(),
  restore?: { fromRunId: string; taskId: string; outputs: TaskOutput[] },
): Promise<Map<string, TaskOutput>> {
  // A fork restores every task before the one it re-runs from; those are done already and never sent again.
  const tasks = crewCtx.crew.tasks;
  const at = restore ? tasks.findIndex((t) => t.id === restore.taskId) : 0;
  const restored = new Set(tasks.slice(0, Math.max(0, at)).map((t) => t.id));
  for (const task of tasks) {
    const output = restore?.outputs.find((o) => o.taskId === task.id);
    if (restore && output && restored.has(task.id)) {
      outputs.set(task.id, output);
      crewCtx.env.log.emit({ type: "task.restored", taskId: task.id, output, fromRunId: restore.fromRunId }, task.id);
    } else crewCtx.env.log.emit({ type: "task.queued", taskId: task.id }, task.id);
  }
  // Planning happens once, before the first task, and only for the tasks this run will send.
  const toPlan = tasks.filter((t) => !restored.has(t.id));
  const plans = crewCtx.crew.settings.planning ? await planTasks(crewCtx, toPlan) : undefined;
  const ctx: RunContext = plans?.size ? { ...crewCtx, plans } : crewCtx;
  const state = { error: null as Error | null };
  const start = (task: Task, context: Context): Promise<void> =>
    (restored.has(task.id) ? Promise.resolve(null) : runOrSkip(ctx, task, context, outputs)).then(
      (done) => {
        if (!done) return;
        outputs.set(task.id, done.output);
        if (!done.skipped) ctx.env.log.emit({ type: "task.completed", taskId: task.id, output: done.output }, task.id);
      },
      (error: Error) => {
        ctx.env.log.emit({ type: "task.failed", taskId: task.id, error: error.message }, task.id);
        if (!state.error) {
          state.error = error;
          abortRest(error);
        }
      },
    );
  if (ctx.crew.settings.dagScheduling) await runAsDag(ctx, outputs, start, state);
  else await runInOrder(ctx, outputs, start, state);
  if (state.error) throw state.error;
  // A stop between tasks ends the loops without an error; it must not read as a completed run.
  if (ctx.signal.aborted) throw abortError(ctx.signal);
  return outputs;
}

/** Runs a task, or skips it when its condition (judged on the task before it in list order) does not hold. */
async function runOrSkip(
  ctx: RunContext,
  task: Task,
  context: Context,
  outputs: Map<string, TaskOutput>,
): Promise<{ output: TaskOutput; skipped: boolean }> {
  if (task.condition) {
    const previous = ctx.crew.tasks[ctx.crew.tasks.findIndex((t) => t.id === task.id) - 1];
    const output = previous && outputs.get(previous.id);
    const verdict = await checkCondition(ctx, task, previous && output ? { task: previous, output } : null);
    if (!verdict.passed) return { output: skippedOutput(ctx, task, verdict.reason), skipped: true };
  }
  return { output: await runTask(ctx, task, context), skipped: false };
}

function contextOf(ids: readonly string[], ctx: RunContext, outputs: Map<string, TaskOutput>): Context {
  const out: Context = [];
  for (const id of ids) {
    const task = ctx.crew.tasks.find((t) => t.id === id);
    const output = outputs.get(id);
    if (task && output) out.push({ title: taskTitle(task), raw: output.raw });
  }
  return out;
}

/**
 * CrewAI's sequential order: a sync task first waits for the async tasks started before it; async tasks start at once
 * and run together. An async task without declared context gets every task finished before its batch started (CrewAI
 * hands it nothing, its bug #6417).
 */
async function runInOrder(
  ctx: RunContext,
  outputs: Map<string, TaskOutput>,
  start: (t: Task, c: Context) => Promise<void>,
  state: { error: Error | null },
) {
  let pending: Promise<void>[] = [];
  // Where the current async batch starts; ids are listed only for a task that needs them (a copy per task made long crews quadratic).
  let batchStart = 0;
  const tasks = ctx.crew.tasks;
  const idsBefore = (end: number) => tasks.slice(0, end).map((t) => t.id);
  for (const [i, task] of tasks.entries()) {
    if (state.error || ctx.signal.aborted) break;
    // Only a sync task after async ones waits: awaiting an empty Promise.all still costs two turns of the queue.
    if (!task.async && pending.length > 0) {
      await Promise.all(pending);
      pending = [];
      if (state.error || ctx.signal.aborted) break;
    }
    const previous = tasks[i - 1];
    if (!task.async || !previous?.async) batchStart = i;
    const ids = task.context ?? idsBefore(task.async ? batchStart : i);
    const run = start(task, contextOf(ids, ctx, outputs));
    if (task.async) pending.push(run);
    else await run;
  }
  await Promise.all(pending);
}

/** Dependency order: each task starts as soon as the tasks it reads (declared context, else all earlier ones) are done. */
async function runAsDag(
  ctx: RunContext,
  outputs: Map<string, TaskOutput>,
  start: (t: Task, c: Context) => Promise<void>,
  state: { error: Error | null },
) {
  const tasks = ctx.crew.tasks;
  const deps = new Map(tasks.map((t, i) => [t.id, t.context ?? tasks.slice(0, i).map((x) => x.id)]));
  // A conditional task judges the output of the task before it in list order, so it waits for that one too.
  const waits = new Map(
    tasks.map((t, i) => {
      const own = deps.get(t.id) ?? [];
      const previous = tasks[i - 1];
      return [t.id, t.condition && previous && !own.includes(previous.id) ? [...own, previous.id] : own];
    }),
  );
  const started = new Set<string>();
  const running = new Map<string, Promise<string>>();
  while (!state.error && !ctx.signal.aborted) {
    for (const task of tasks) {
      if (started.has(task.id) || !(waits.get(task.id) ?? []).every((d) => outputs.has(d))) continue;
      started.add(task.id);
      running.set(
        task.id,
        start(task, contextOf(deps.get(task.id) ?? [], ctx, outputs)).then(() => task.id),
      );
    }
    if (running.size === 0) break;
    const done = await Promise.race(running.values());
    running.delete(done);
  }
  await Promise.all(running.values());
}
