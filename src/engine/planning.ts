import type { Condition, Crew, Task } from "../model";
import { readJsonValue } from "./conditions";
import { fillAgent, fillPlaceholders, fillTask } from "./interpolate";
import { callModel } from "./modelCall";
import type { RunContext } from "./taskRunner";

const SYSTEM = `You plan the work of a crew of AI agents before it starts. For each task you are given, write a short numbered list of concrete steps that the agent doing it should follow to produce the expected output, using what the task reads from earlier tasks. Plan only; do not do the work. Reply with only JSON: {"plans": [{"taskId": "the task's id", "plan": "1. …\\n2. …"}]}, one entry per task, in the order given.`;

/**
 * Crew planning (`settings.planning`): one call before the first task writes a step plan for each task in `tasks`.
 * The plans are logged as `plan.created` and returned by task id for the task prompts; the stored crew never changes
 * (CrewAI appends them to task.description). An answer with no usable plan does not fail the run: the event's
 * `warning` says so and the tasks run without plans. Provider errors propagate, naming the planner.
 */
export async function planTasks(ctx: RunContext, tasks: readonly Task[]): Promise<Map<string, string>> {
  if (tasks.length === 0) return new Map();
  const crew = ctx.crew;
  const llmId = crew.settings.planningLlm ?? crew.defaultLlm;
  const { provider, model } = ctx.resolveLlm(llmId ? crew.llms.find((l) => l.id === llmId) : undefined);
  const ids = tasks.map((t) => t.id);
  const schema = {
    type: "object",
    properties: {
      plans: {
        type: "array",
        items: {
          type: "object",
          properties: { taskId: { type: "string", enum: ids }, plan: { type: "string" } },
          required: ["taskId", "plan"],
        },
      },
    },
    required: ["plans"],
  };
  let content: string;
  try {
    const response = await callModel(ctx.env, { agentId: null }, provider, {
      model,
      signal: ctx.signal,
      responseFormat: { type: "json_schema", name: "crew_plan", schema },
      messages: [
        { role: "system", content: SYSTEM },
        { role: "user", content: plannerBrief(crew, tasks, ctx.inputs) },
      ],
    });
    content = response.content;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new Error(`crew planning failed: ${(error as Error).message}`, { cause: error });
  }
  const plans = readPlans(content, ids);
  const missing = ids.filter((id) => !plans.has(id));
  const warning =
    plans.size === 0
      ? `the planner's answer held no usable plan, so every task runs without one (it answered: ${snippet(content)})`
      : missing.length
        ? `the planner gave no plan for ${missing.map((id) => `"${id}"`).join(", ")}, which run without one`
        : undefined;
  ctx.env.log.emit({
    type: "plan.created",
    plans: ids.filter((id) => plans.has(id)).map((id) => ({ taskId: id, plan: plans.get(id) as string })),
    ...(warning ? { warning } : {}),
  });
  return plans;
}

/** What the planner is told: the crew and, per task, its agent, tools, texts (inputs filled in), context and condition. */
export function plannerBrief(crew: Crew, tasks: readonly Task[], inputs: Readonly<Record<string, string>>): string {
  const out = [`Crew: ${crew.name}`];
  if (crew.description.trim()) out.push(fillPlaceholders(crew.description.trim(), inputs));
  out.push("", "Tasks, in the order they run:");
  const all = crew.tasks;
  for (const raw of tasks) {
    const task = fillTask(raw, inputs);
    const stored = crew.agents.find((a) => a.id === task.agent);
    const agent = stored ? fillAgent(stored, inputs) : undefined;
    const toolIds = task.tools.length ? task.tools : (agent?.tools ?? []);
    const tools = toolIds.map((id) => crew.tools.find((t) => t.id === id)?.name ?? id);
    const index = all.findIndex((t) => t.id === task.id);
    const reads = task.context ?? all.slice(0, index).map((t) => t.id);
    out.push(
      "",
      `### Task "${task.id}"${task.name.trim() ? `: ${task.name.trim()}` : ""}`,
      `Agent: ${agent ? `${agent.role.trim() || agent.id}; goal: ${agent.goal.trim()}` : "assigned by the crew's manager"}`,
      `Tools: ${tools.length ? tools.join(", ") : "none"}`,
      `Description: ${task.description.trim()}`,
      `Expected output: ${task.expectedOutput.trim()}`,
      `Reads the output of: ${reads.length ? reads.map((id) => `"${id}"`).join(", ") : "no earlier task"}`,
    );
    if (task.condition) out.push(`Runs only if: ${describeCondition(task.condition, inputs)} (judged on the task before it)`);
  }
  return out.join("\n");
}

function describeCondition(condition: Condition, inputs: Readonly<Record<string, string>>): string {
  if (condition.type === "rule") return fillPlaceholders(condition.rule, inputs);
  return `${condition.path} ${condition.op}${condition.value !== undefined ? ` ${JSON.stringify(condition.value)}` : ""}`;
}

/**
 * Reads plans tolerantly: {"plans": [...]} (or any array of entries, or a bare array), each entry naming its task by id
 * (taskId, task_id, id or task) or by its 1-based number among the planned tasks; a plan may be text or a list of steps.
 * A map of task id to plan text is read too. Entries for unknown tasks are dropped.
 */
export function readPlans(content: string, ids: readonly string[]): Map<string, string> {
  const plans = new Map<string, string>();
  const value = readJsonValue(content);
  if (!value || typeof value !== "object") return plans;
  const record = value as Record<string, unknown>;
  const isEntryList = (v: unknown): v is unknown[] => Array.isArray(v) && v.some((e) => e && typeof e === "object" && !Array.isArray(e));
  const entries = Array.isArray(value) ? value : Array.isArray(record.plans) ? record.plans : Object.values(record).find(isEntryList);
  if (!entries) {
    for (const id of ids) {
      const text = planText(record[id]);
      if (text) plans.set(id, text);
    }
    return plans;
  }
  for (const entry of entries as unknown[]) {
    if (!entry || typeof entry !== "object") continue;
    const e = entry as Record<string, unknown>;
    const named = [e.taskId, e.task_id, e.id, e.task].find((v) => typeof v === "string" && ids.includes(v)) as string | undefined;
    const number = [e.taskNumber, e.task_number].find((v) => typeof v === "number") as number | undefined;
    const id = named ?? (number !== undefined ? ids[number - 1] : undefined);
    const text = planText(e.plan ?? e.steps);
    if (id && text && !plans.has(id)) plans.set(id, text);
  }
  return plans;
}

function planText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (Array.isArray(value)) {
    const steps = value.filter((s): s is string => typeof s === "string" && s.trim() !== "");
    return steps.length ? steps.map((s, i) => (/^\d+[.)]/.test(s.trim()) ? s.trim() : `${i + 1}. ${s.trim()}`)).join("\n") : undefined;
  }
  return undefined;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return "nothing";
  return `"${flat.length > 160 ? `${flat.slice(0, 159)}…` : flat}"`;
}
