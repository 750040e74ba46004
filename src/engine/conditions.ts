import { type JsonValue, query } from "jsonpath-rfc9535";
import type { Agent, Condition, Task } from "../model";
import { modelFor } from "./agentSetup";
import type { TaskOutput } from "./events";
import { fillPlaceholders } from "./interpolate";
import { callModel } from "./modelCall";
import { parseLooseJson } from "./react";
import { type RunContext, TaskFailedError } from "./taskRunner";

/** A jsonPath condition: a JSONPath (RFC 9535) query on the previous output and a test of what it selects. */
export type JsonPathCondition = Extract<Condition, { type: "jsonPath" }>;

/** The outcome of a task's condition: whether the task runs, and why. */
export interface ConditionVerdict {
  passed: boolean;
  reason: string;
}

/** The output a conditional task is judged against: that of the task right before it in list order. */
export interface PreviousOutput {
  task: Task;
  output: TaskOutput;
}

/**
 * Decides whether a conditional task runs and logs `condition.checked`. "Previous" is the task right before it in
 * list order, as in CrewAI: a conditional task is never async, so every task before it has finished (async ones
 * joined) by the time it is checked, and a skipped task counts with its empty output. The DAG scheduler makes a
 * conditional task wait for that task too. A provider error in a rule check fails the task; it is not a verdict.
 */
export async function checkCondition(ctx: RunContext, task: Task, previous: PreviousOutput | null): Promise<ConditionVerdict> {
  const condition = task.condition;
  if (!condition) return { passed: true, reason: "the task has no condition" };
  let verdict: ConditionVerdict;
  if (!previous) verdict = { passed: true, reason: "no earlier task has an output to judge, so the task runs" };
  else if (condition.type === "jsonPath") verdict = evaluateJsonPath(task.id, condition, previous.output, ctx.inputs);
  else verdict = await judgeRule(ctx, task, fillPlaceholders(condition.rule, ctx.inputs), previous);
  ctx.env.log.emit(
    {
      type: "condition.checked",
      taskId: task.id,
      kind: condition.type,
      passed: verdict.passed,
      reason: verdict.reason,
      against: previous?.task.id ?? null,
    },
    task.id,
  );
  return verdict;
}

/** Logs `task.skipped` and returns the empty output a skipped task passes on (raw "", as CrewAI does). */
export function skippedOutput(ctx: RunContext, task: Task, reason: string): TaskOutput {
  ctx.env.log.emit({ type: "task.skipped", taskId: task.id, reason }, task.id);
  // Usage is what the task really spent: nothing for a jsonPath test, the verdict call for a rule.
  return { taskId: task.id, agentId: performer(ctx, task)?.id ?? task.agent ?? null, raw: "", usage: ctx.env.meter.task(task.id) };
}

function performer(ctx: RunContext, task: Task): Agent | undefined {
  return ctx.manager?.agent ?? (task.agent ? ctx.crew.agents.find((a) => a.id === task.agent) : undefined);
}

/**
 * Runs a jsonPath condition on an output: its parsed JSON, else its raw text read as JSON. With several values selected,
 * `truthy` and `equals` need one of them to pass and `notEquals` needs none to equal; nothing selected (or no JSON at
 * all) fails every op but `notEquals`. Truthiness is Python's (0, "", [], {}, null and false are falsy), and a string
 * value also equals a number, boolean or null that prints the same, since values typed in the editor arrive as text.
 */
export function evaluateJsonPath(
  taskId: string,
  condition: JsonPathCondition,
  output: TaskOutput,
  inputs: Readonly<Record<string, string>> = {},
): ConditionVerdict {
  const doc = output.json !== undefined ? output.json : readJsonValue(output.raw);
  const { path, op } = condition;
  const expected = typeof condition.value === "string" ? fillPlaceholders(condition.value, inputs) : condition.value;
  let nodes: unknown[] = [];
  if (doc !== undefined) {
    try {
      nodes = query(doc as JsonValue, path);
    } catch (error) {
      throw new TaskFailedError(taskId, `its condition's JSON path ${path} cannot be read: ${(error as Error).message}`);
    }
  }
  const selected =
    doc === undefined
      ? `the output of "${output.taskId}" is not JSON, so ${path} selects nothing`
      : nodes.length === 0
        ? `${path} selects nothing in the output of "${output.taskId}"`
        : `${path} selects ${preview(nodes)}`;
  const equal = nodes.some((n) => looseEqual(n, expected));
  switch (op) {
    case "exists":
      return { passed: nodes.length > 0, reason: selected };
    case "truthy": {
      const passed = nodes.some(isTruthy);
      return { passed, reason: `${selected}${nodes.length ? `, which is ${passed ? "truthy" : "falsy"}` : ""}` };
    }
    case "equals":
      return {
        passed: equal,
        reason: `${selected}${nodes.length ? `, which ${equal ? "equals" : "does not equal"} ${show(expected)}` : ""}`,
      };
    case "notEquals":
      return {
        passed: !equal,
        reason: `${selected}${nodes.length ? `, which ${equal ? "equals" : "does not equal"} ${show(expected)}` : ""}`,
      };
  }
}

/** A JSON value in a model's text: the whole text, a fenced block, or the span from the first bracket; undefined when there is none. */
export function readJsonValue(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    // a model's answer often wraps the JSON in a fence or a sentence
  }
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed)?.[1];
  const start = trimmed.search(/[[{]/);
  const end = Math.max(trimmed.lastIndexOf("}"), trimmed.lastIndexOf("]"));
  const body = fenced?.trim() || (start >= 0 && end > start ? trimmed.slice(start, end + 1) : undefined);
  if (!body) return undefined;
  const value = parseLooseJson(body);
  return typeof value === "object" && value !== null ? value : undefined;
}

/** Asks the task's model whether the previous output meets the rule: JSON {pass, reason}, with a word check as fallback. */
async function judgeRule(ctx: RunContext, task: Task, rule: string, previous: PreviousOutput): Promise<ConditionVerdict> {
  // Judged with the model of whoever would perform the task: the manager in a hierarchical crew, else its agent.
  const agent = performer(ctx, task);
  const { provider, model } = modelFor(ctx, agent?.llm);
  const schema = { type: "object", properties: { pass: { type: "boolean" }, reason: { type: "string" } }, required: ["pass", "reason"] };
  const title = previous.task.name.trim() || previous.task.id;
  let content: string;
  try {
    const response = await callModel(ctx.env, { taskId: task.id, agentId: agent?.id ?? null }, provider, {
      model,
      signal: ctx.signal,
      temperature: 0,
      responseFormat: { type: "json_schema", name: "condition_verdict", schema },
      messages: [
        {
          role: "system",
          content:
            'You decide whether a condition holds, judging only the output of an earlier task that you are shown. Reply with only JSON: {"pass": true or false, "reason": "one sentence"}.',
        },
        {
          role: "user",
          content: `Condition: ${rule}\n\nOutput of the earlier task "${title}":\n${previous.output.raw.trim() || "(empty: that task gave no output)"}`,
        },
      ],
    });
    content = response.content;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new TaskFailedError(task.id, `checking its condition failed: ${(error as Error).message}`);
  }
  const verdict = readJsonValue(content) as { pass?: unknown; reason?: unknown } | undefined;
  if (verdict && typeof verdict.pass === "boolean")
    return {
      passed: verdict.pass,
      reason: typeof verdict.reason === "string" && verdict.reason.trim() ? verdict.reason.trim() : "no reason given",
    };
  // Small models often answer in words; only a clear yes without a no counts as met.
  const lowered = content.toLowerCase();
  const passed = /\b(pass|yes|true)\b/.test(lowered) && !/\b(fail|no|not|false)\b/.test(lowered);
  return { passed, reason: `the checker answered in words: ${content.trim().slice(0, 300) || "(nothing)"}` };
}

function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

function looseEqual(node: unknown, expected: unknown): boolean {
  if (typeof expected === "string" && (typeof node === "number" || typeof node === "boolean" || node === null))
    return String(node) === expected.trim();
  return deepEqual(node, expected);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function preview(nodes: unknown[]): string {
  return nodes.length === 1
    ? show(nodes[0])
    : `${nodes.length} values (${nodes.slice(0, 3).map(show).join(", ")}${nodes.length > 3 ? ", …" : ""})`;
}
